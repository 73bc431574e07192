using System.Reflection;
using CommunityFund.Economy;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace CommunityFund.Tests;

public class PublicApiTests
{
    /// <summary>The kernel package's public surface is reviewed: any change shows up as a snapshot difference.</summary>
    [Fact]
    public void LedgerPublicApi_IsApproved() => Snapshot.Match(PublicApi(typeof(Money).Assembly));

    /// <summary>The community economy package's public surface is reviewed: any change shows up as a snapshot difference.</summary>
    [Fact]
    public void CorePublicApi_IsApproved() => Snapshot.Match(PublicApi(typeof(CommunityEconomy).Assembly));

    internal static string[] PublicApi(Assembly assembly) =>
        assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        }).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
