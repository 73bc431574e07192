using System.Security.Cryptography;
using System.Text;
using CommunityFund.Api.Security;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CommunityFund.Api.Tests;

/// <summary>API keys are compared in constant time (issue 21, item 12): the one comparison of secrets,
/// <see cref="ApiKeys.SecretMatches"/>, is <see cref="CryptographicOperations.FixedTimeEquals"/> over SHA-256 hashes —
/// read from its IL, so a later edit to an ordinary equality fails here — and authentication goes through it.</summary>
public sealed class ApiKeyComparisonTests
{
    private static readonly string StoredHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("the-secret")));

    [Fact]
    public void TheRightSecret_Matches() => Assert.True(ApiKeys.SecretMatches(StoredHash, "the-secret"));

    [Theory]
    [InlineData("the-secreT")]
    [InlineData("the-secret ")]
    [InlineData("")]
    public void AnyOtherSecret_DoesNotMatch(string presented) => Assert.False(ApiKeys.SecretMatches(StoredHash, presented));

    [Fact]
    public void TheComparison_IsFixedTimeEquals_AndNoOrdinaryEquality()
    {
        var calls = Calls(Method(typeof(ApiKeys), nameof(ApiKeys.SecretMatches)));

        Assert.Contains("System.Security.Cryptography.CryptographicOperations::FixedTimeEquals", calls);
        Assert.DoesNotContain(calls, c => c.Contains("::Equals", StringComparison.Ordinal) || c.Contains("op_Equality", StringComparison.Ordinal)
            || c.Contains("SequenceEqual", StringComparison.Ordinal) || c.Contains("::Compare", StringComparison.Ordinal));
    }

    [Fact]
    public void Authentication_ComparesThroughSecretMatches_AndHashesNoSecretItself()
    {
        var type = Module().GetType(typeof(ApiKeys).FullName);
        var authenticate = type.NestedTypes.Single(t => t.Name.Contains(nameof(ApiKeys.AuthenticateAsync), StringComparison.Ordinal)).Methods.Single(m => m.Name == "MoveNext");

        var calls = Calls(authenticate);

        Assert.Contains(calls, c => c.EndsWith("ApiKeys::SecretMatches", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.Contains("FromHexString", StringComparison.Ordinal) || c.Contains("SHA256", StringComparison.Ordinal));
    }

    private static ModuleDefinition Module() => ModuleDefinition.ReadModule(typeof(ApiKeys).Assembly.Location);

    private static MethodDefinition Method(Type type, string name) => Module().GetType(type.FullName).Methods.Single(m => m.Name == name);

    /// <summary>The methods a method calls, as <c>Declaring.Type::Name</c>.</summary>
    private static List<string> Calls(MethodDefinition method) =>
        [.. method.Body.Instructions.Where(i => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt).Select(i => (MethodReference)i.Operand).Select(m => $"{m.DeclaringType.FullName}::{m.Name}")];
}
