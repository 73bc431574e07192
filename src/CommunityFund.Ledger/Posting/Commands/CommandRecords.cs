using System.Text.Json;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>The record of an idempotency key used by a command that posted no journals: its fingerprint and the value it
/// answered, written with the command's own records so a replay answers the same. A command that posted journals needs
/// none: its key and fingerprint are on its journals (<see cref="Journal.RequestHash"/>).</summary>
internal static class CommandRecords
{
    /// <summary>The record type, as written (with the command's value).</summary>
    private static readonly RecordType<StoredCommand<JsonElement?>> Records = new("command");

    /// <summary>The record kind.</summary>
    internal static string Kind => Records.Kind;

    internal static LedgerDocument Of<T>(CommandEnvelope envelope, T? value)
        where T : class =>
        DocumentJson.Document(Kind, envelope.IdempotencyKey!, null, 0, new StoredCommand<T?>(envelope.Name, envelope.Fingerprint, value)) with { SchemaVersion = Records.SchemaVersion };

    internal static StoredCommand<JsonElement?> Read(LedgerDocument document) => Records.Read(document);

    internal static T? ValueOf<T>(StoredCommand<JsonElement?> record)
        where T : class =>
        record.Value is { } element ? DocumentJson.ReadElement<T>(element) : null;

    /// <summary>The fingerprint a journal was posted with: its request hash (journals the command runner posted before
    /// the fingerprint moved there carry it in their metadata).</summary>
    internal static string? FingerprintOf(Journal journal) =>
        journal.Metadata.GetValueOrDefault(RequestFingerprint.MetadataKey) ?? journal.RequestHash;
}

/// <summary>A key's record: the command's name, its fingerprint and the value it answered.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Command">The command's name.</param>
/// <param name="Fingerprint">The command's fingerprint.</param>
/// <param name="Value">The value it answered.</param>
internal sealed record StoredCommand<T>(string Command, string Fingerprint, T Value);
