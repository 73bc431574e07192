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
        var writer = Writer.ForThisThread("cf-journal/1"u8);
        WriteJournal(writer, journal);
        return writer.ToArray();
    }

    /// <summary>The chain hash of a journal: SHA-256 of its previous hash's bytes followed by its canonical bytes.</summary>
    /// <param name="journal">The journal (its <see cref="Journal.Hash"/> is ignored).</param>
    /// <returns>Lower-case hex.</returns>
    /// <exception cref="FormatException">The previous hash is not hex digits.</exception>
    public static string ComputeHash(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        // One buffer, one one-shot hash (the verifier calls this for every journal of the books).
        var writer = Writer.ForThisThread(journal.PreviousHash);
        writer.Raw("cf-journal/1\n"u8);
        WriteJournal(writer, journal);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(writer.Written, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void WriteJournal(Writer writer, Journal journal)
    {
        writer.Field("ledger"u8, journal.Ledger.Value);
        writer.Field("id"u8, journal.Id.Value);
        writer.Field("sequence"u8, journal.Sequence);
        writer.Field("date"u8, journal.AccountingDate);
        writer.Field("recorded"u8, journal.RecordedAt);
        writer.Field("kind"u8, KindNames[journal.Kind]);
        writer.Field("memo"u8, journal.Memo);
        writer.Field("source"u8, journal.SourceReference);
        writer.Field("key"u8, journal.IdempotencyKey);
        writer.Field("request"u8, journal.RequestHash);
        if (journal.ReversalOf is { } reversalOf)
        {
            writer.Field("reversal-of"u8, reversalOf.Value);
        }
        else
        {
            writer.Field("reversal-of"u8, (string?)null);
        }

        writer.Field("previous"u8, journal.PreviousHash);
        writer.Metadata(journal.Metadata);
        foreach (var line in journal.Lines)
        {
            writer.Line(line.Entity, line.Account, line.Side, line.Amount, line.Dimensions);
        }
    }

    private static readonly Dictionary<JournalKind, string> KindNames = Enum.GetValues<JournalKind>().ToDictionary(k => k, k => k.ToString());

    /// <summary>The SHA-256 (hex) of a posting batch's content, used to tell a replay from a conflicting request.</summary>
    /// <param name="batch">The batch (its idempotency key is not part of the content).</param>
    /// <returns>Lower-case hex.</returns>
    public static string RequestHash(PostingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = Writer.ForThisThread("cf-batch/1"u8);
        writer.Field("ledger"u8, batch.Ledger.Value);
        foreach (var draft in batch.Journals)
        {
            writer.Field("journal"u8, draft.Lines.IsDefault ? "0" : draft.Lines.Length.ToString(CultureInfo.InvariantCulture));
            writer.Field("date"u8, Date(draft.AccountingDate));
            writer.Field("kind"u8, draft.Kind.ToString());
            writer.Field("memo"u8, draft.Memo);
            writer.Field("source"u8, draft.SourceReference);
            writer.Metadata(draft.Metadata);
            if (!draft.Lines.IsDefault)
            {
                foreach (var line in draft.Lines)
                {
                    writer.Line(line.Entity, line.Account, line.Side, line.Amount, line.Dimensions);
                }
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(writer.Written));
    }

    /// <summary>The SHA-256 (hex) of a reversal request's content.</summary>
    /// <param name="request">The request (its idempotency key is not part of the content).</param>
    /// <returns>Lower-case hex.</returns>
    public static string RequestHash(ReversalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var writer = Writer.ForThisThread("cf-reversal/1"u8);
        writer.Field("ledger"u8, request.Ledger.Value);
        writer.Field("journal"u8, request.Journal.ToString());
        writer.Field("reason"u8, request.Reason);
        writer.Field("date"u8, request.Date is { } date ? Date(date) : null);
        return Convert.ToHexStringLower(SHA256.HashData(writer.Written));
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>Writes the canonical text straight into one reusable UTF-8 buffer per thread (no intermediate
    /// strings for numbers, dates, instants or ids).</summary>
    private sealed class Writer
    {
        [ThreadStatic]
        private static Writer? _current;

        private readonly ArrayBufferWriter<byte> _buffer = new(1024);

        internal ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        /// <summary>This thread's writer, emptied, starting with <paramref name="header"/> and a newline.</summary>
        internal static Writer ForThisThread(ReadOnlySpan<byte> header)
        {
            var writer = Reset();
            writer.Raw(header);
            writer.Raw("\n"u8);
            return writer;
        }

        /// <summary>This thread's writer, emptied, starting with the bytes of a hex hash.</summary>
        internal static Writer ForThisThread(string previousHash)
        {
            var writer = Reset();
            if (previousHash.Length == 64)
            {
                var span = writer._buffer.GetSpan(32);
                if (Convert.FromHexString(previousHash, span[..32], out _, out var written) != OperationStatus.Done || written != 32)
                {
                    throw new FormatException($"'{previousHash}' is not a hex hash.");
                }

                writer._buffer.Advance(32);
            }
            else
            {
                writer.Raw(Convert.FromHexString(previousHash));
            }

            return writer;
        }

        private static Writer Reset()
        {
            var writer = _current ??= new Writer();
            writer._buffer.ResetWrittenCount();
            if (writer._buffer.Capacity > 1 << 20)
            {
                // One enormous batch must not pin a megabyte per thread for ever.
                writer = _current = new Writer();
            }

            return writer;
        }

        internal void Field(ReadOnlySpan<byte> name, string? value)
        {
            Raw(name);
            if (value is null)
            {
                Raw("=-\n"u8);
                return;
            }

            Raw("="u8);
            Number(Encoding.UTF8.GetByteCount(value));
            Raw(":"u8);
            Text(value);
            Raw("\n"u8);
        }

        internal void Field(ReadOnlySpan<byte> name, long value)
        {
            Span<byte> digits = stackalloc byte[24];
            value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
            Fixed(name, digits[..length]);
        }

        internal void Field(ReadOnlySpan<byte> name, Guid value)
        {
            Span<byte> text = stackalloc byte[36];
            value.TryFormat(text, out var length, "D");
            Fixed(name, text[..length]);
        }

        internal void Field(ReadOnlySpan<byte> name, LocalDate value)
        {
            if (value.Year is < 1 or > 9999)
            {
                Field(name, Date(value));
                return;
            }

            Span<byte> text = stackalloc byte[10];
            WriteDate(text, value);
            Fixed(name, text);
        }

        internal void Field(ReadOnlySpan<byte> name, Instant value)
        {
            var utc = value.InUtc();
            if (utc.Year is < 1 or > 9999)
            {
                Field(name, InstantFormat.Format(value));
                return;
            }

            // uuuu-MM-ddTHH:mm:ss.fffffffffZ
            Span<byte> text = stackalloc byte[30];
            WriteDate(text, utc.Date);
            text[10] = (byte)'T';
            TwoDigits(text[11..], utc.Hour);
            text[13] = (byte)':';
            TwoDigits(text[14..], utc.Minute);
            text[16] = (byte)':';
            TwoDigits(text[17..], utc.Second);
            text[19] = (byte)'.';
            var nanoseconds = utc.NanosecondOfSecond;
            for (var i = 28; i >= 20; i--)
            {
                text[i] = (byte)('0' + (nanoseconds % 10));
                nanoseconds /= 10;
            }

            text[29] = (byte)'Z';
            Fixed(name, text);
        }

        internal void Line(EntityId entity, AccountCode account, Side side, Money amount, Dimensions? dimensions)
        {
            Field("line.entity"u8, entity.Value);
            Field("line.account"u8, account.Value);
            Field("line.side"u8, side == Side.Debit ? "D" : side == Side.Credit ? "C" : ((int)side).ToString(CultureInfo.InvariantCulture));
            Field("line.amount"u8, amount.MinorUnits);
            Field("line.unit"u8, amount.HasCurrency ? amount.Currency.Code : null);
            foreach (var (name, value) in dimensions ?? Dimensions.Empty)
            {
                Raw("line.dim."u8);
                Field(Encoding.UTF8.GetBytes(name), value);
            }
        }

        internal void Metadata(IReadOnlyDictionary<string, string>? metadata)
        {
            foreach (var (key, value) in metadata ?? JournalMetadata.Empty)
            {
                Raw("meta."u8);
                Field(Encoding.UTF8.GetBytes(key), value);
            }
        }

        internal byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        internal void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.GetSpan(bytes.Length));
            _buffer.Advance(bytes.Length);
        }

        private static void WriteDate(Span<byte> text, LocalDate date)
        {
            var year = date.Year;
            text[0] = (byte)('0' + (year / 1000));
            text[1] = (byte)('0' + (year / 100 % 10));
            text[2] = (byte)('0' + (year / 10 % 10));
            text[3] = (byte)('0' + (year % 10));
            text[4] = (byte)'-';
            TwoDigits(text[5..], date.Month);
            text[7] = (byte)'-';
            TwoDigits(text[8..], date.Day);
        }

        private static void TwoDigits(Span<byte> text, int value)
        {
            text[0] = (byte)('0' + (value / 10));
            text[1] = (byte)('0' + (value % 10));
        }

        /// <summary>A field whose value is ASCII already encoded.</summary>
        private void Fixed(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Raw(name);
            Raw("="u8);
            Number(value.Length);
            Raw(":"u8);
            Raw(value);
            Raw("\n"u8);
        }

        private void Number(int value)
        {
            Span<byte> digits = stackalloc byte[11];
            value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
            Raw(digits[..length]);
        }

        private void Text(string text)
        {
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }
}
