using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>What a key may do.</summary>
public enum ApiRole
{
    /// <summary>The hub administrator: everything in its ledger.</summary>
    HubAdmin = 1,

    /// <summary>A provider: post and read its own entity only.</summary>
    Provider = 2,

    /// <summary>A trustee: read everything in the ledger and run the audit; write nothing.</summary>
    Trustee = 3,
}

/// <summary>A stored API key: only the SHA-256 of its secret is kept.</summary>
/// <param name="Id">The key id (public part).</param>
/// <param name="Ledger">The ledger it is bound to.</param>
/// <param name="Role">Its role.</param>
/// <param name="Entity">For a provider key, its entity.</param>
/// <param name="Name">A label.</param>
/// <param name="SecretHash">SHA-256 of the secret, hex.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record ApiKeyRecord(string Id, string Ledger, ApiRole Role, string? Entity, string Name, string SecretHash, Instant CreatedAt)
{
    /// <summary>When it was revoked, if it was.</summary>
    public Instant? RevokedAt { get; init; }
}

/// <summary>
/// API keys, stored as documents of their ledger. A key reads <c>cf_{ledger}_{id}_{secret}</c>: the ledger and id
/// find the record, the secret is compared by hash in constant time. Keys are shown once, when created.
/// </summary>
public sealed class ApiKeys(ILedgerStore store, IClock clock)
{
    private const string Kind = "api-key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter },
    };

    /// <summary>Creates a key with a random secret.</summary>
    /// <returns>The record and the full key (to show once).</returns>
    public Task<(ApiKeyRecord Record, string Key)> CreateAsync(LedgerId ledger, ApiRole role, EntityId? entity, string name, CancellationToken cancellationToken = default) =>
        CreateAsync(ledger, role, entity, name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), cancellationToken);

    /// <summary>Creates a key with a given id and secret (the demo's fixed keys).</summary>
    /// <returns>The record and the full key.</returns>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(LedgerId ledger, ApiRole role, EntityId? entity, string name, string id, string secret, CancellationToken cancellationToken = default)
    {
        var record = new ApiKeyRecord(id, ledger.Value, role, entity?.Value, name, Hash(secret), clock.GetCurrentInstant());
        await store.PutDocumentsAsync(ledger, [Document(record)], cancellationToken).ConfigureAwait(false);
        return (record, $"cf_{ledger}_{id}_{secret}");
    }

    /// <summary>Finds the live record a presented key belongs to.</summary>
    /// <returns>The record, or <c>null</c> when the key is malformed, unknown, wrong or revoked.</returns>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_');
        if (parts.Length != 4 || parts[0] != "cf" || !LedgerId.TryFrom(parts[1], out var ledger) || parts[2].Length is 0 or > 32 || parts[3].Length is 0 or > 128)
        {
            return null;
        }

        var record = await FindAsync(ledger, parts[2], cancellationToken).ConfigureAwait(false);
        if (record is null || record.RevokedAt is not null)
        {
            return null;
        }

        var expected = Convert.FromHexString(record.SecretHash);
        return CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(parts[3]))) ? record : null;
    }

    /// <summary>Reads a key record.</summary>
    public async Task<ApiKeyRecord?> FindAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ledger, Kind, id, cancellationToken).ConfigureAwait(false) is { } document
            ? JsonSerializer.Deserialize<ApiKeyRecord>(document.Json, Json)
            : null;

    /// <summary>Lists a ledger's keys.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await store.ListDocumentsAsync(ledger, Kind, null, cancellationToken).ConfigureAwait(false)).Select(d => JsonSerializer.Deserialize<ApiKeyRecord>(d.Json, Json)!)];

    /// <summary>Revokes a key; it stops working at once.</summary>
    public async Task<ApiKeyRecord?> RevokeAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default)
    {
        var record = await FindAsync(ledger, id, cancellationToken).ConfigureAwait(false);
        if (record is null || record.RevokedAt is not null)
        {
            return record;
        }

        var revoked = record with { RevokedAt = clock.GetCurrentInstant() };
        await store.PutDocumentsAsync(ledger, [Document(revoked)], cancellationToken).ConfigureAwait(false);
        return revoked;
    }

    private static LedgerDocument Document(ApiKeyRecord record) => new(Kind, record.Id, record.Entity, 0, JsonSerializer.Serialize(record, Json));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
