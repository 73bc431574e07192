using PublicApiGenerator;
using Snapshooter.Xunit;

namespace CommunityFund.Tests;

public class PublicApiTests
{
    /// <summary>The package's public surface is reviewed: any change shows up as a snapshot difference.</summary>
    [Fact]
    public void CorePublicApi_IsApproved()
    {
        var api = typeof(Money).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        });

        Snapshot.Match(api.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
    }
}
