using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>The <c>Webhooks</c> settings.</summary>
/// <param name="Enabled">Whether the delivery service runs (<c>Webhooks:Enabled</c>, default true).</param>
/// <param name="PollInterval">How often the store is read for new events and subscribers (<c>Webhooks:PollInterval</c>, default 1 s).</param>
/// <param name="Timeout">How long a receiver has to answer (<c>Webhooks:Timeout</c>, default 10 s).</param>
/// <param name="FirstBackoff">The wait before the first retry, doubled on each failure (<c>Webhooks:FirstBackoff</c>, default 1 s).</param>
/// <param name="MaxBackoff">The longest wait between retries (<c>Webhooks:MaxBackoff</c>, default 5 min).</param>
/// <param name="DeliveryLogRetention">How long delivery attempts are kept (<c>Webhooks:DeliveryLogRetentionDays</c>,
/// whole days, default 30, at least 1).</param>
/// <param name="PruneInterval">How often the delivery log is pruned (<c>Webhooks:PruneInterval</c>, default 1 h).</param>
public sealed record WebhookSettings(bool Enabled, TimeSpan PollInterval, TimeSpan Timeout, TimeSpan FirstBackoff, TimeSpan MaxBackoff, Duration DeliveryLogRetention, Duration PruneInterval)
{
    /// <summary>The retention of the delivery log when none is configured, in days.</summary>
    public const int DefaultRetentionDays = 30;

    /// <summary>The name of the HTTP client deliveries are sent with.</summary>
    public const string HttpClientName = "webhooks";

    /// <summary>Reads the settings.</summary>
    public static WebhookSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            configuration.GetValue("Webhooks:Enabled", true),
            Positive(configuration.GetValue("Webhooks:PollInterval", TimeSpan.FromSeconds(1))),
            Positive(configuration.GetValue("Webhooks:Timeout", TimeSpan.FromSeconds(10))),
            Positive(configuration.GetValue("Webhooks:FirstBackoff", TimeSpan.FromSeconds(1))),
            Positive(configuration.GetValue("Webhooks:MaxBackoff", TimeSpan.FromMinutes(5))),
            Duration.FromDays(Math.Max(1, configuration.GetValue("Webhooks:DeliveryLogRetentionDays", DefaultRetentionDays))),
            Duration.FromTimeSpan(Positive(configuration.GetValue("Webhooks:PruneInterval", TimeSpan.FromHours(1)))));
    }

    /// <summary>The wait after the <paramref name="attempt"/>-th failed attempt: 1 s, 2 s, 4 s … capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var wait = TimeSpan.FromMilliseconds(FirstBackoff.TotalMilliseconds * factor);
        return wait > MaxBackoff ? MaxBackoff : wait;
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.FromMilliseconds(10);
}
