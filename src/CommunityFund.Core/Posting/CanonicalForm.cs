using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Ledger;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Posting;

/// <summary>
/// The canonical bytes of journals and posting requests, and their SHA-256 hashes. The form is independent of
/// culture, time zone and platform, so anyone can recompute a hash from the stored fields.
/// </summary>
/// <remarks>
/// <para>The form is UTF-8 text: a header line (<c>cf-journal/1</c>), then one field per line as
/// <c>name=LENGTH:VALUE</c> where LENGTH is the UTF-8 byte count of VALUE, so no value needs escaping and no two
/// journals share a form. Dates are ISO <c>yyyy-MM-dd</c>, instants ISO UTC with nanoseconds, amounts integer minor
/// units with the unit code, sides <c>D</c>/<c>C</c>, kinds their enum name; lines keep their posted order and
/// dimensions are in ordinal name order.</para>
/// <para>The chain: <c>hash = SHA-256(bytes of previous hash ‖ canonical bytes)</c>, written as lower-case hex; the
/// first journal's previous hash is <see cref="Journal.GenesisHash"/>.</para>
/// </remarks>
public static class CanonicalForm
{
    private static readonly InstantPattern InstantFormat = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss.fffffffff'Z'");

    /// <summary>The canonical bytes of a journal (every field but its own hash).</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The bytes.</returns>
    public static byte[] JournalBytes(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var writer = new Writer("cf-journal/1");
        writer.Field("ledger", journal.Ledger.Value);
        writer.Field("id", journal.Id.ToString());
        writer.Field("sequence", journal.Sequence.ToString(CultureInfo.InvariantCulture));
        writer.Field("date", Date(journal.AccountingDate));
        writer.Field("recorded", InstantFormat.Format(journal.RecordedAt));
        writer.Field("kind", journal.Kind.ToString());
        writer.Field("memo", journal.Memo);
        writer.Field("source", journal.SourceReference);
        writer.Field("key", journal.IdempotencyKey);
        writer.Field("request", journal.RequestHash);
        writer.Field("reversal-of", journal.ReversalOf?.ToString());
        writer.Field("previous", journal.PreviousHash);
        writer.Metadata(journal.Metadata);
        foreach (var line in journal.Lines)
        {
            writer.Line(line.Entity, line.Account, line.Side, line.Amount, line.Dimensions);
        }

        return writer.ToArray();
    }

    /// <summary>The chain hash of a journal: SHA-256 of its previous hash's bytes followed by its canonical bytes.</summary>
    /// <param name="journal">The journal (its <see cref="Journal.Hash"/> is ignored).</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="FormatException">The previous hash is not 64 hex digits.</exception>
    public static string ComputeHash(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Convert.FromHexString(journal.PreviousHash));
        hash.AppendData(JournalBytes(journal));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The SHA-256 (hex) of a posting batch's content, used to tell a replay from a conflicting request.</summary>
    /// <param name="batch">The batch (its idempotency key is not part of the content).</param>
    /// <returns>Lower-case hex.</returns>
    public static string RequestHash(PostingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = new Writer("cf-batch/1");
        writer.Field("ledger", batch.Ledger.Value);
        foreach (var draft in batch.Journals)
        {
            writer.Field("journal", draft.Lines.IsDefault ? "0" : draft.Lines.Length.ToString(CultureInfo.InvariantCulture));
            writer.Field("date", Date(draft.AccountingDate));
            writer.Field("kind", draft.Kind.ToString());
            writer.Field("memo", draft.Memo);
            writer.Field("source", draft.SourceReference);
            writer.Metadata(draft.Metadata);
            if (!draft.Lines.IsDefault)
            {
                foreach (var line in draft.Lines)
                {
                    writer.Line(line.Entity, line.Account, line.Side, line.Amount, line.Dimensions);
                }
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(writer.ToArray()));
    }

    /// <summary>The SHA-256 (hex) of a reversal request's content.</summary>
    /// <param name="request">The request (its idempotency key is not part of the content).</param>
    /// <returns>Lower-case hex.</returns>
    public static string RequestHash(ReversalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var writer = new Writer("cf-reversal/1");
        writer.Field("ledger", request.Ledger.Value);
        writer.Field("journal", request.Journal.ToString());
        writer.Field("reason", request.Reason);
        writer.Field("date", request.Date is { } date ? Date(date) : null);
        return Convert.ToHexStringLower(SHA256.HashData(writer.ToArray()));
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(512);

        internal Writer(string header)
        {
            Raw(header);
            Raw("\n");
        }

        internal void Field(string name, string? value)
        {
            Raw(name);
            if (value is null)
            {
                Raw("=-\n");
                return;
            }

            Raw("=");
            Raw(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture));
            Raw(":");
            Raw(value);
            Raw("\n");
        }

        internal void Line(EntityId entity, AccountCode account, Side side, Money amount, Dimensions? dimensions)
        {
            Field("line.entity", entity.Value);
            Field("line.account", account.Value);
            Field("line.side", side == Side.Debit ? "D" : side == Side.Credit ? "C" : ((int)side).ToString(CultureInfo.InvariantCulture));
            Field("line.amount", amount.MinorUnits.ToString(CultureInfo.InvariantCulture));
            Field("line.unit", amount.HasCurrency ? amount.Currency.Code : null);
            foreach (var (name, value) in dimensions ?? Dimensions.Empty)
            {
                Field("line.dim." + name, value);
            }
        }

        internal void Metadata(IReadOnlyDictionary<string, string>? metadata)
        {
            foreach (var (key, value) in metadata ?? JournalMetadata.Empty)
            {
                Field("meta." + key, value);
            }
        }

        internal byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Raw(string text)
        {
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }
}
