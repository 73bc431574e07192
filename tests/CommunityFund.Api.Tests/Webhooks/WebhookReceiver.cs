using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>A webhook receiver for the tests: a small Kestrel app on a free loopback port that records every request,
/// verifies its signature as docs/webhooks.md tells a receiver to, and answers what <see cref="Answer"/> says.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The secret the tests register.</summary>
    public const string Secret = "whsec-0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>One request received.</summary>
    public sealed record Received(string EventId, string Type, string ContentType, bool SignatureValid, long Timestamp, JsonElement Body)
    {
        /// <summary>The event's feed position.</summary>
        public long Position => Body.GetProperty("position").GetInt64();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The URL to register.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The answer to the n-th request (from 1): a status, or <c>null</c> to hang until stopped.</summary>
    public Func<int, int?> Answer { get; set; } = _ => 200;

    /// <summary>How long each answer takes (to keep deliveries pending).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>The events taken (answered 2xx), de-duplicated by event id, in the order first taken.</summary>
    public List<Received> Taken { get; } = [];

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = TestPaths.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}").UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails after <paramref name="seconds"/>.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> done, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}; received {Requests.Count} requests, took {TakenSnapshot().Count}.");
            await Task.Delay(50);
        }
    }

    /// <summary>A copy of <see cref="Taken"/>.</summary>
    public List<Received> TakenSnapshot()
    {
        lock (Taken)
        {
            return [.. Taken];
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = long.Parse(http.Request.Headers["CommunityFund-Timestamp"].ToString(), CultureInfo.InvariantCulture);
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        var signed = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(http.Request.Headers["CommunityFund-Signature"].ToString()));
        var received = new Received(http.Request.Headers["CommunityFund-Event-Id"].ToString(), http.Request.Headers["CommunityFund-Event-Type"].ToString(),
            http.Request.ContentType ?? string.Empty, signed, timestamp, JsonDocument.Parse(body).RootElement.Clone());
        Requests.Enqueue(received);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, http.RequestAborted);
        }

        if (Answer(Interlocked.Increment(ref _count)) is not { } status)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(503);
        }

        if (status is >= 200 and < 300)
        {
            lock (Taken)
            {
                if (!Taken.Any(t => t.EventId == received.EventId))
                {
                    Taken.Add(received);
                }
            }
        }

        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
