using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CommunityFund.Api.Tests;

/// <summary>
/// Starts the real API process exactly as README.md says (<c>dotnet run --project src/CommunityFund.Api</c>, on a free
/// port and a private database), runs every curl command of README's walkthrough against it over HTTP, and stops it.
/// </summary>
public sealed partial class ReadmeWalkthroughTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-readme-").FullName;
    private readonly int _port = TestPaths.FreePort();
    private readonly StringBuilder _output = new();

    /// <summary>What the process printed so far, read under the lock its output handlers append under.</summary>
    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
    private Process? _process;

    public async Task InitializeAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = TestPaths.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "run", "--no-build", "-c", configuration, "--project", "src/CommunityFund.Api", "--", "--urls", $"http://127.0.0.1:{_port}" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Books__ConnectionString"] = $"Data Source={Path.Combine(_folder, "readme.db")}";
        info.Environment["Books__CheckpointKeyFile"] = Path.Combine(_folder, "checkpoint-key.pem");
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{_port}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("The API did not start: " + Output());
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryWalkthroughCommand_SucceedsAgainstTheRealProcess()
    {
        var commands = Walkthrough();
        Assert.True(commands.Count >= 6, "README's walkthrough has fewer commands than expected.");
        using var client = new HttpClient();
        string? saleResponse = null;
        foreach (var command in commands)
        {
            var response = await client.SendAsync(ToRequest(command));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{command}\n→ {(int)response.StatusCode} {body}\n{Output()}");
            if (command.Contains("/sales", StringComparison.Ordinal))
            {
                saleResponse = body;
            }
        }

        Assert.Contains("\"policy\":\"standard@1\"", saleResponse, StringComparison.Ordinal);
        Assert.Contains("\"hub\":{\"amount\":\"250.00\",\"currency\":\"CNY\"}", saleResponse, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-hub-admin", LogLinesAbout("Request"), StringComparison.Ordinal);
    }

    private string LogLinesAbout(string word)
    {
        lock (_output)
        {
            return string.Join('\n', _output.ToString().Split('\n').Where(l => l.Contains(word, StringComparison.Ordinal)));
        }
    }

    private HttpRequestMessage ToRequest(string command)
    {
        var words = ShellWords(command);
        var method = HttpMethod.Get;
        string? url = null, body = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s":
                    break;
                case "-X":
                    method = new HttpMethod(words[++i]);
                    break;
                case "-H":
                    var header = words[++i].Split(':', 2);
                    headers.Add((header[0].Trim(), header[1].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    break;
                default:
                    url = words[i].Replace("127.0.0.1:5080", $"127.0.0.1:{_port}", StringComparison.Ordinal);
                    break;
            }
        }

        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers.Where(h => !h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static List<string> Walkthrough()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "README.md"));
        var block = readme[readme.IndexOf("<!-- walkthrough -->", StringComparison.Ordinal)..readme.IndexOf("<!-- /walkthrough -->", StringComparison.Ordinal)];
        return [.. block.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("curl ", StringComparison.Ordinal))];
    }

    private static List<string> ShellWords(string command) =>
        [.. Words().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    [GeneratedRegex("'([^']*)'|(\\S+)")]
    private static partial Regex Words();
}
