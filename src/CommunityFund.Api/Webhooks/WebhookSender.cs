using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityFund.Api.Apis;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>Sends one event to one subscriber, signed (docs/webhooks.md): the answer's status, or why there was none.</summary>
/// <param name="clients">The HTTP clients (the <see cref="WebhookSettings.HttpClientName"/> one).</param>
/// <param name="clock">The clock, for the timestamp.</param>
/// <param name="json">The API's JSON options, so the body reads as the feed does.</param>
/// <param name="settings">The timeout.</param>
public sealed class WebhookSender(IHttpClientFactory clients, IClock clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, WebhookSettings settings)
{
    /// <summary>The header of the event's id (its journal's id; de-duplicate on it).</summary>
    public const string EventIdHeader = "CommunityFund-Event-Id";

    /// <summary>The header of the event's type.</summary>
    public const string EventTypeHeader = "CommunityFund-Event-Type";

    /// <summary>The header of the signing time, in Unix seconds.</summary>
    public const string TimestampHeader = "CommunityFund-Timestamp";

    /// <summary>The header of the signature: <c>v1=</c> and the hex HMAC-SHA256 of <c>timestamp.body</c>.</summary>
    public const string SignatureHeader = "CommunityFund-Signature";

    /// <summary>POSTs the event; a 2xx status is a delivery, anything else is retried by the caller.</summary>
    /// <param name="subscription">The subscriber (with its secret).</param>
    /// <param name="item">The event.</param>
    /// <param name="cancellationToken">Cancellation (the service stopping).</param>
    /// <returns>The receiver's status, or the error when it did not answer.</returns>
    public async Task<(int? Status, string? Error)> SendAsync(WebhookSubscription subscription, EventDto item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(item);
        var body = JsonSerializer.Serialize(item, json.Value.SerializerOptions);
        var timestamp = clock.GetCurrentInstant().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventIdHeader, item.Id.ToString());
        request.Headers.Add(EventTypeHeader, item.Type);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, "v1=" + Sign(subscription.Secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(WebhookSettings.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, "connection failed: " + ex.Message);
        }
    }

    /// <summary>The signature: hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> keyed with the secret (both UTF-8).</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timestamp}.{body}"))));
}
