using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CommunityFund.Api.Tests;

/// <summary>
/// Runs README.md's second walkthrough ("Start your own community's books", between <c>&lt;!-- own-community --&gt;</c>
/// markers) with bash, as a reader would paste it: it starts the real API in Production without the demo, creates an
/// operator key on the command line, opens a ledger, posts opening balances, a package and a sale, and reads the trial
/// balance. Only the port, the build (already built, this configuration) and the folder differ.
/// </summary>
public sealed partial class ReadmeOwnCommunityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-own-").FullName;
    private readonly int _port = TestPaths.FreePort();

    [Fact]
    public async Task TheOwnCommunityWalkthrough_RunsAgainstTheRealProcess_InProductionWithoutTheDemo()
    {
        var (exitCode, output) = await RunAsync(Script());

        var log = File.Exists(Path.Combine(_folder, "api.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "api.log")) : "(no api.log)";
        Assert.True(exitCode == 0, $"The walkthrough failed ({exitCode}):\n{output}\n--- api.log ---\n{log}");
        Assert.Contains("\"id\":\"wangjiang\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\":\"demo\"", output, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"opening\"", output, StringComparison.Ordinal);
        Assert.Contains("\"fund\":{\"amount\":\"6.00\",\"currency\":\"CNY\"}", output, StringComparison.Ordinal);
        Assert.Contains("Hosting environment: Production", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo API keys", log, StringComparison.Ordinal);
    }

    /// <summary>The README's block, pointed at this build, this port and this folder.</summary>
    private string Script()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "README.md"));
        var block = OwnCommunityBlock().Match(readme);
        Assert.True(block.Success, "README.md has no <!-- own-community --> block with a sh code fence.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var script = block.Groups["script"].Value
            .Replace("dotnet run --project src/CommunityFund.Api", $"dotnet run --no-build -c {configuration} --project {Path.Combine(TestPaths.RepositoryRoot(), "src", "CommunityFund.Api")}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5080", $"127.0.0.1:{_port}", StringComparison.Ordinal);
        Assert.Contains("--no-launch-profile -- --urls", script, StringComparison.Ordinal);
        return script;
    }

    /// <summary>Runs the script in its own process group (the API it starts in the background included), stops the
    /// whole group afterwards, and answers the exit code and everything the script printed.</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string script)
    {
        var path = Path.Combine(_folder, "walkthrough.sh");
        await File.WriteAllTextAsync(path, "set -euo pipefail\n" + script);
        var info = new ProcessStartInfo("setsid") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(path);
        info.Environment.Remove("Books__Demo");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        using var process = Process.Start(info)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            // The group's id is the script's pid (setsid made it a session leader); the API started with & is in it.
            using var kill = Process.Start("kill", ["-KILL", "--", $"-{process.Id}"]);
            await kill.WaitForExitAsync();
        }
    }

    [GeneratedRegex("<!-- own-community -->\\s*```sh\\n(?<script>.*?)```\\s*<!-- /own-community -->", RegexOptions.Singleline)]
    private static partial Regex OwnCommunityBlock();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
