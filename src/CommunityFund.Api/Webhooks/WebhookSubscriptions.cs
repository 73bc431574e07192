using System.Text.Json;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// The webhook subscribers of a ledger, their cursors and their delivery log, stored as records of the ledger.
/// Registering and disabling are commands of the ledger (idempotent, ordered with its other writes); the cursor and
/// the log are the delivery service's own bookkeeping and are written directly, beside the books.
/// </summary>
/// <param name="store">The records.</param>
/// <param name="clock">The clock.</param>
/// <param name="engine">The posting engine, whose command pipeline registers and disables.</param>
public sealed class WebhookSubscriptions(IRecordStore store, IClock clock, PostingEngine engine)
{
    /// <summary>The most attempts <see cref="AttemptsAsync"/> answers (the latest).</summary>
    public const int LogPage = 200;

    /// <summary>The records' JSON: the kernel's, with NodaTime's instants. Version 1 had no instant converter and stored
    /// every instant as <c>{}</c>; those times are lost, and the upgrade reads them as the Unix epoch (a version 1
    /// attempt is pruned at the first pruning; a disabled subscriber stays disabled).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter },
    };

    private static readonly RecordType<WebhookSubscription> Subscriptions = new("webhook", 2, Json, InstantsOfVersion1);
    private static readonly RecordType<WebhookCursor> Cursors = new("webhook-cursor", 2, Json, InstantsOfVersion1);
    private static readonly RecordType<WebhookAttempt> Attempts = new("webhook-attempt", 2, Json, InstantsOfVersion1);

    /// <summary>Registers a subscriber, as a command of the ledger. The answer never carries the secret.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="url">The receiver's URL.</param>
    /// <param name="secret">The signing secret.</param>
    /// <param name="eventTypes">The event types delivered, or <c>null</c> for all.</param>
    /// <param name="after">The feed position after which deliveries start; <c>null</c> for the ledger's head when the
    /// command runs (part of the fingerprint as given, so a retried request is the same request).</param>
    /// <param name="idempotencyKey">The client's key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The subscriber, without its secret.</returns>
    public Task<CommandResult<WebhookSubscription>> CreateAsync(
        LedgerId ledger, string url, string secret, IReadOnlyList<string>? eventTypes, long? after, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var types = eventTypes is null or { Count: 0 } ? null : eventTypes.Distinct(StringComparer.Ordinal).ToList();
        var record = new WebhookSubscription(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ledger.Value, url, secret, types, after ?? 0, clock.GetCurrentInstant());
        var secretHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var envelope = CommandEnvelope.For(ledger, "webhook-create", idempotencyKey, url, secretHash, string.Join(",", types ?? []), after);
        return engine.Commands.RunAsync(envelope,
            // By default, from the feed's head: the journals and the period closes so far.
            async (state, ct) => Created(record with { StartAfter = after ?? state.Head.Sequence + (await PeriodCloseRecords.ListAsync(store, ledger, ct).ConfigureAwait(false)).Count }),
            cancellationToken);
    }

    /// <summary>Disables a subscriber, as a command of the ledger (disabling a disabled one changes nothing).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The subscriber's id.</param>
    /// <param name="idempotencyKey">The client's key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The subscriber without its secret, or <see cref="ApiErrorCodes.WebhookNotFound"/>.</returns>
    public Task<CommandResult<WebhookSubscription>> DisableAsync(LedgerId ledger, string id, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        engine.Commands.RunAsync(CommandEnvelope.For(ledger, "webhook-disable", idempotencyKey, id), async (_, ct) =>
            await FindAsync(ledger, id, ct).ConfigureAwait(false) switch
            {
                null => CommandPlan<WebhookSubscription>.Refused(ApiErrorCodes.WebhookNotFound, $"No webhook subscriber '{id}' in this ledger.", "webhookId"),
                { DisabledAt: not null } disabled => CommandPlan<WebhookSubscription>.WithoutJournals([], disabled with { Secret = string.Empty }),
                var record => Disabled(record with { DisabledAt = clock.GetCurrentInstant() }),
            }, cancellationToken);

    /// <summary>A subscriber, with its secret (for signing), or <c>null</c>.</summary>
    public async Task<WebhookSubscription?> FindAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ledger, Subscriptions.Kind, id, cancellationToken).ConfigureAwait(false) is { } document ? Subscriptions.Read(document) : null;

    /// <summary>The ledger's subscribers, with their secrets (never answer these on the wire).</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await store.ListDocumentsAsync(ledger, Subscriptions.Kind, null, cancellationToken).ConfigureAwait(false)).Select(Subscriptions.Read).OrderBy(s => s.CreatedAt)];

    /// <summary>The subscriber's cursor: the last position delivered, or <c>null</c> before its first delivery.</summary>
    public async Task<long?> CursorAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ledger, Cursors.Kind, id, cancellationToken).ConfigureAwait(false) is { } document ? Cursors.Read(document).Position : null;

    /// <summary>Moves the subscriber's cursor to <paramref name="position"/>.</summary>
    public Task MoveCursorAsync(LedgerId ledger, string id, long position, CancellationToken cancellationToken = default) =>
        store.PutDocumentsAsync(ledger, [Cursors.Write(id, id, 0, new WebhookCursor(id, position, clock.GetCurrentInstant()))], cancellationToken);

    /// <summary>Logs a delivery attempt.</summary>
    public Task LogAsync(LedgerId ledger, WebhookAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{attempt.Subscription}:{attempt.Position:D19}:{attempt.Attempt:D9}");
        return store.PutDocumentsAsync(ledger, [Attempts.Write(key, attempt.Subscription, attempt.Position, attempt)], cancellationToken);
    }

    /// <summary>Deletes the ledger's delivery attempts made before <paramref name="before"/> (every subscriber's, the
    /// disabled ones' too); cursors and subscribers are kept.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="before">The oldest attempt kept.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many attempts were deleted.</returns>
    public async Task<int> PruneLogAsync(LedgerId ledger, Instant before, CancellationToken cancellationToken = default)
    {
        var old = new List<string>();
        await foreach (var document in store.StreamDocumentsAsync(ledger, Attempts.Kind, null, cancellationToken).ConfigureAwait(false))
        {
            if (Attempts.Read(document).At < before)
            {
                old.Add(document.Key);
            }
        }

        return old.Count == 0 ? 0 : await store.DeleteDocumentsAsync(ledger, Attempts.Kind, old, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The subscriber's latest delivery attempts (at most <see cref="LogPage"/>), oldest first.</summary>
    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default)
    {
        var documents = await store.ListDocumentsAsync(ledger, Attempts.Kind, id, cancellationToken).ConfigureAwait(false);
        return [.. documents.Skip(Math.Max(0, documents.Count - LogPage)).Select(Attempts.Read)];
    }

    /// <summary>Version 1 to 2: each instant stored as <c>{}</c> becomes the Unix epoch.</summary>
    private static JsonNode InstantsOfVersion1(int version, JsonNode record)
    {
        if (version == 1 && record is JsonObject fields)
        {
            foreach (var name in fields.Where(f => f.Value is JsonObject { Count: 0 }).Select(f => f.Key).ToList())
            {
                fields[name] = "1970-01-01T00:00:00Z";
            }
        }

        return record;
    }

    private static CommandPlan<WebhookSubscription> Created(WebhookSubscription record) =>
        CommandPlan<WebhookSubscription>.WithoutJournals([Subscriptions.Write(record.Id, null, 0, record)], record with { Secret = string.Empty });

    private static CommandPlan<WebhookSubscription> Disabled(WebhookSubscription disabled) =>
        CommandPlan<WebhookSubscription>.WithoutJournals([Subscriptions.Write(disabled.Id, null, 0, disabled)], disabled with { Secret = string.Empty });
}
