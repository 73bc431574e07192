using PublicApiGenerator;
using Snapshooter.Xunit;

namespace CommunityFund.EntityFrameworkCore.Tests;

public class PublicApiTests
{
    /// <summary>The EF Core store package's public surface is reviewed (migrations are generated code and left out):
    /// any change shows up as a snapshot difference.</summary>
    [Fact]
    public void EntityFrameworkCorePublicApi_IsApproved()
    {
        var api = typeof(EfLedgerStore).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
            DenyNamespacePrefixes = ["CommunityFund.EntityFrameworkCore.Migrations"],
        });

        Snapshot.Match(api.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
    }
}
