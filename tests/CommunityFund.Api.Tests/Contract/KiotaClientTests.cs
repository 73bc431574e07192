using System.Diagnostics;
using System.Text.Json;

namespace CommunityFund.Api.Tests.Contract;

/// <summary>The Kiota-generated client of samples/KiotaClient (which scripts/samples.sh runs against the real API) is
/// exactly what Kiota, pinned in .config/dotnet-tools.json, generates from the document the API serves now: a contract
/// change that would change the client fails here until the client is regenerated (UPDATE_DOCS=1 does it).</summary>
public sealed class KiotaClientTests : IClassFixture<ApiApplicationFixture>
{
    private static readonly string Sample = Path.Combine(TestPaths.RepositoryRoot(), "samples", "KiotaClient", "Client");

    private readonly ApiApplication _app;

    public KiotaClientTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task TheSamplesClient_IsWhatKiotaGeneratesFromTheServedDocument()
    {
        var work = Directory.CreateTempSubdirectory("cf-kiota-").FullName;
        try
        {
            var document = Path.Combine(work, "openapi.json");
            await File.WriteAllTextAsync(document, await _app.Client(null).GetStringAsync("/swagger/v1/swagger.json"));
            var output = Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1" ? Sample : Path.Combine(work, "Client");
            var lockFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Sample, "kiota-lock.json"))).RootElement;
            var arguments = new List<string> { "kiota", "generate", "-l", "CSharp", "-d", document, "-o", output, "-c", lockFile.GetProperty("clientClassName").GetString()!,
                "-n", lockFile.GetProperty("clientNamespaceName").GetString()!, "--exclude-backward-compatible", "--clean-output" };
            foreach (var pattern in lockFile.GetProperty("includePatterns").EnumerateArray())
            {
                arguments.AddRange(["--include-path", pattern.GetString()!]);
            }

            Assert.Equal(0, (await RunAsync("tool", "restore")).ExitCode);
            var (exitCode, log) = await RunAsync([.. arguments]);
            Assert.True(exitCode == 0, "kiota generate failed:\n" + log);

            Assert.Equal(Files(Sample), Files(output));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Every generated C# file by relative path, with its text (line endings normalised).</summary>
    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n")), StringComparer.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = TestPaths.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        info.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
