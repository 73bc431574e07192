using System.Net;
using System.Net.Sockets;

namespace CommunityFund.Api.Tests;

/// <summary>Where things are, for tests that start processes or walk every route.</summary>
internal static class TestPaths
{
    /// <summary>The repository's root (the folder with CommunityFund.sln).</summary>
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CommunityFund.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CommunityFund.sln not found above the test directory.");
    }

    /// <summary>A free TCP port on the loopback interface.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A route template of authorization-matrix.json with every parameter filled for the demo ledger.</summary>
    internal static string Fill(string path) => path.Replace("{ledgerId}", "demo", StringComparison.Ordinal)
        .Replace("{entityId}", "elder-care", StringComparison.Ordinal)
        .Replace("{saleId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{journalId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{statementId}", "none", StringComparison.Ordinal)
        .Replace("{agreementId}", "none", StringComparison.Ordinal)
        .Replace("{keyId}", "none", StringComparison.Ordinal)
        .Replace("{webhookId}", "none", StringComparison.Ordinal)
        .Replace("{period}", "1999-01", StringComparison.Ordinal)
        .Replace("{member}", "v-0001", StringComparison.Ordinal)
        .Replace("{file}", "trustees.js", StringComparison.Ordinal);
}
