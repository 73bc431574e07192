using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace CommunityFund.Api.Security;

/// <summary>
/// Limits failed authentications — unknown, malformed or revoked keys — per client address and for the whole server,
/// so that keys cannot be guessed at speed: a client past its limit is answered 429 <c>auth.too_many_failures</c>
/// before its key is even looked up, until its window ends; other clients are unaffected unless the global limit is
/// reached. Only failures count. The clients tracked are bounded (<see cref="MaxClients"/>): when full, the quietest
/// are dropped. Settings: <c>Api:FailedAuthenticationsPerMinutePerClient</c> (default 20) and
/// <c>Api:FailedAuthenticationsPerMinute</c> (default 1,000, all clients together).
/// </summary>
public sealed class FailedAuthentications : IDisposable
{
    /// <summary>The most client addresses tracked at once.</summary>
    public const int MaxClients = 10_000;

    private readonly ConcurrentDictionary<string, FixedWindowRateLimiter> _clients = new(StringComparer.Ordinal);
    private readonly FixedWindowRateLimiter _global;
    private readonly int _perClient;
    private readonly ILogger<FailedAuthentications> _logger;

    /// <summary>Creates the limits from the configuration.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="logger">Where repeated failures are logged (the client's address, never the key).</param>
    public FailedAuthentications(IConfiguration configuration, ILogger<FailedAuthentications> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _perClient = Math.Max(1, configuration.GetValue("Api:FailedAuthenticationsPerMinutePerClient", 20));
        _global = Window(Math.Max(1, configuration.GetValue("Api:FailedAuthenticationsPerMinute", 1_000)));
        _logger = logger;
    }

    /// <summary><c>true</c> when the client (or the server as a whole) has no failed attempt left in this window.</summary>
    /// <param name="client">The client's address.</param>
    /// <returns>Whether to refuse before looking the key up.</returns>
    public bool IsBlocked(IPAddress? client) =>
        _global.GetStatistics()?.CurrentAvailablePermits == 0
        || (_clients.TryGetValue(Key(client), out var limiter) && limiter.GetStatistics()?.CurrentAvailablePermits == 0);

    /// <summary>Counts a failed authentication of the client; logs when it reaches its limit.</summary>
    /// <param name="client">The client's address.</param>
    public void Failed(IPAddress? client)
    {
        var key = Key(client);
        if (_clients.Count >= MaxClients && !_clients.ContainsKey(key))
        {
            Evict();
        }

        using var global = _global.AttemptAcquire();
        var limiter = _clients.GetOrAdd(key, _ => Window(_perClient));
        using var lease = limiter.AttemptAcquire();
        // Logged once per window: when this failure used the client's (or the server's) last permit.
        if (limiter.GetStatistics()?.CurrentAvailablePermits == 0 || _global.GetStatistics()?.CurrentAvailablePermits == 0)
        {
            _logger.LogWarning("Repeated failed authentications from {Client}: refused until the window ends.", key);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _global.Dispose();
        foreach (var limiter in _clients.Values)
        {
            limiter.Dispose();
        }
    }

    /// <summary>Drops the tenth of the clients with the most permits left (the least suspicious).</summary>
    private void Evict()
    {
        foreach (var (key, _) in _clients.OrderByDescending(c => c.Value.GetStatistics()?.CurrentAvailablePermits ?? 0).Take(MaxClients / 10).ToList())
        {
            if (_clients.TryRemove(key, out var limiter))
            {
                limiter.Dispose();
            }
        }
    }

    private static string Key(IPAddress? client) => client?.ToString() ?? "unknown";

    private static FixedWindowRateLimiter Window(int permits) =>
        new(new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true });
}
