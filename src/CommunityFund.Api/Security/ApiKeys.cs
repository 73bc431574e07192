using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>
/// API keys, stored as documents of their ledger. A key reads <c>cf_{ledger}_{id}_{secret}</c>: the ledger and id
/// find the record, the secret is compared by hash in constant time. Keys are shown once, when created.
/// </summary>
/// <remarks>
/// A ledger key's record, once read, authenticates the requests of the next <see cref="RecordLifetime"/> without
/// reading it again (every request used to read it: a round trip to the database on PostgreSQL). A key revoked or
/// written through this instance is forgotten at once, so it is refused by the next request; a key revoked by another
/// process sharing the books (another API server) is refused within <see cref="RecordLifetime"/>. Operator keys are
/// read every time: the server's command line, another process, revokes them (ADR 0030).
/// </remarks>
public sealed class ApiKeys(IRecordStore store, IClock clock, PostingEngine engine)
{
    /// <summary>How long a ledger key's record read from the books is used without reading it again.</summary>
    public static readonly TimeSpan RecordLifetime = TimeSpan.FromSeconds(1);

    /// <summary>Ledger keys' records by ledger and id, with when their read began and the count of keys forgotten by
    /// then; a forgotten key keeps no record, only that count, so that a read begun before it was forgotten is not kept.</summary>
    private readonly ConcurrentDictionary<(LedgerId Ledger, string Id), (ApiKeyRecord? Record, Instant ReadAt, long Forgotten)> _recent = new();

    /// <summary>How many times a key was forgotten (revoked or written through this instance).</summary>
    private long _forgotten;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter },
    };

    /// <summary>The stored keys (web-style JSON, as they were stored before records were typed).</summary>
    private static readonly RecordType<ApiKeyRecord> Records = new("api-key", 1, Json);

    /// <summary>Creates a key with a random id and secret, as a command of the ledger: a replayed idempotency key
    /// answers the key's record without its secret, which is shown once.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="role">The role.</param>
    /// <param name="entity">For a provider key, its entity.</param>
    /// <param name="name">A label.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The command's result, and the key to show (null on a replay).</returns>
    public Task<(CommandResult<ApiKeyRecord> Result, string? Key)> CreateAsync(
        LedgerId ledger, ApiRole role, EntityId? entity, string name, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync(ledger, role, entity, name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), idempotencyKey, cancellationToken);

    /// <summary>Creates a key with the given id and secret (the demo's well-known keys).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="role">The role.</param>
    /// <param name="entity">For a provider key, its entity.</param>
    /// <param name="name">A label.</param>
    /// <param name="id">The key id.</param>
    /// <param name="secret">The secret.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The command's result, and the key to show (null on a replay).</returns>
    public async Task<(CommandResult<ApiKeyRecord> Result, string? Key)> CreateAsync(
        LedgerId ledger, ApiRole role, EntityId? entity, string name, string id, string secret, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var record = new ApiKeyRecord(id, ledger.Value, role, entity?.Value, name, Hash(secret), clock.GetCurrentInstant());
        var envelope = CommandEnvelope.For(ledger, "api-key-create", idempotencyKey, role.ToString(), entity?.Value, name);
        var result = await engine.Commands.RunAsync(envelope,
            (_, _) => Task.FromResult(CommandPlan<ApiKeyRecord>.WithoutJournals([Records.Write(record.Id, record.Entity, 0, record)], record)), cancellationToken).ConfigureAwait(false);
        Forget(ledger, id);
        return (result, result.Outcome == PostingOutcome.Created ? $"cf_{ledger}_{id}_{secret}" : null);
    }

    /// <summary>The reserved ledger id under which operator keys are kept; no ledger may take it.</summary>
    public static readonly LedgerId OperatorLedger = LedgerId.From("operator");

    /// <summary>Creates an operator key (the server's command line; no HTTP route creates one). Only its hash is kept.</summary>
    /// <param name="name">A label, such as who holds it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored record and the key, to show once.</returns>
    public async Task<(ApiKeyRecord Record, string Key)> CreateOperatorAsync(string name, CancellationToken cancellationToken = default)
    {
        var (id, secret) = (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var record = new ApiKeyRecord(id, OperatorLedger.Value, ApiRole.Operator, null, name, Hash(secret), clock.GetCurrentInstant());
        await store.PutDocumentsAsync(OperatorLedger, [Records.Write(record.Id, null, 0, record)], cancellationToken).ConfigureAwait(false);
        return (record, $"cf_{OperatorLedger}_{id}_{secret}");
    }

    /// <summary>Revokes an operator key (revoking a revoked key changes nothing).</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The revoked key, or <c>null</c> when there is no operator key with this id.</returns>
    public async Task<ApiKeyRecord?> RevokeOperatorAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(OperatorLedger, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        if (record.RevokedAt is not null)
        {
            return record;
        }

        var revoked = record with { RevokedAt = clock.GetCurrentInstant() };
        await store.PutDocumentsAsync(OperatorLedger, [Records.Write(revoked.Id, null, 0, revoked)], cancellationToken).ConfigureAwait(false);
        return revoked;
    }

    /// <summary>Authenticates a presented key: the record when the key is known, well-formed and not revoked.</summary>
    /// <param name="presented">The key as sent.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The key's record, or <c>null</c>.</returns>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_');
        if (parts.Length != 4 || parts[0] != "cf" || !LedgerId.TryFrom(parts[1], out var ledger) || parts[2].Length is 0 or > 32 || parts[3].Length is 0 or > 128)
        {
            return null;
        }

        var record = ledger == OperatorLedger
            ? await FindAsync(ledger, parts[2], cancellationToken).ConfigureAwait(false)
            : await RecentAsync(ledger, parts[2], cancellationToken).ConfigureAwait(false);
        // Operator keys live only under the reserved ledger, and nothing else does.
        if (record is null || record.RevokedAt is not null || (ledger == OperatorLedger) != (record.Role == ApiRole.Operator))
        {
            return null;
        }

        return SecretMatches(record.SecretHash, parts[3]) ? record : null;
    }

    /// <summary>Whether a presented secret is the one whose SHA-256 a key's record keeps: the hashes are compared with
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>, in time that does not depend on where they differ (the one
    /// place secrets are compared; <c>ApiKeyComparisonTests</c> reads its IL to keep it so).</summary>
    /// <param name="secretHash">The stored SHA-256, hex.</param>
    /// <param name="presented">The secret as presented.</param>
    /// <returns><c>true</c> when they match.</returns>
    public static bool SecretMatches(string secretHash, string presented) =>
        CryptographicOperations.FixedTimeEquals(Convert.FromHexString(secretHash), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>A ledger key's record as read at most <see cref="RecordLifetime"/> ago (a missing one is not kept).</summary>
    private async Task<ApiKeyRecord?> RecentAsync(LedgerId ledger, string id, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var forgotten = Interlocked.Read(ref _forgotten);
        // (A clock set back makes the age negative: read again.)
        if (_recent.TryGetValue((ledger, id), out var recent) && recent.Record is { } known && now - recent.ReadAt is var age && age >= Duration.Zero && age < Lifetime)
        {
            return known;
        }

        var record = await FindAsync(ledger, id, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            // Kept unless the key was forgotten after this read began: a revocation in this
            // process is never overwritten by a read that started before it.
            _recent.AddOrUpdate((ledger, id), (record, now, forgotten), (_, kept) => kept.Forgotten > forgotten ? kept : (record, now, forgotten));
        }

        return record;
    }

    private void Forget(LedgerId ledger, string id) => _recent[(ledger, id)] = (null, clock.GetCurrentInstant(), Interlocked.Increment(ref _forgotten));

    private static readonly Duration Lifetime = Duration.FromTimeSpan(RecordLifetime);

    /// <summary>Reads a key record.</summary>
    public async Task<ApiKeyRecord?> FindAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ledger, Records.Kind, id, cancellationToken).ConfigureAwait(false) is { } document
            ? Records.Read(document)
            : null;

    /// <summary>Lists a ledger's keys.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await store.ListDocumentsAsync(ledger, Records.Kind, null, cancellationToken).ConfigureAwait(false)).Select(Records.Read)];

    /// <summary>Revokes a key, as a command of the ledger (revoking a revoked key changes nothing).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The key id.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The revoked key, or <see cref="ApiErrorCodes.ApiKeyNotFound"/>.</returns>
    public async Task<CommandResult<ApiKeyRecord>> RevokeAsync(LedgerId ledger, string id, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var result = await engine.Commands.RunAsync(CommandEnvelope.For(ledger, "api-key-revoke", idempotencyKey, id), async (_, ct) =>
            await FindAsync(ledger, id, ct).ConfigureAwait(false) switch
            {
                null => CommandPlan<ApiKeyRecord>.Refused(ApiErrorCodes.ApiKeyNotFound, $"No key '{id}' in this ledger.", "keyId"),
                { RevokedAt: not null } revoked => CommandPlan<ApiKeyRecord>.WithoutJournals([], revoked),
                var record => Revoked(record with { RevokedAt = clock.GetCurrentInstant() }),
            }, cancellationToken).ConfigureAwait(false);
        Forget(ledger, id);
        return result;
    }

    private static CommandPlan<ApiKeyRecord> Revoked(ApiKeyRecord revoked) => CommandPlan<ApiKeyRecord>.WithoutJournals([Records.Write(revoked.Id, revoked.Entity, 0, revoked)], revoked);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
