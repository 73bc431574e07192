using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// Reads a statement file — a WeChat Pay trade bill, an Alipay trade bill (GBK, or the zip Alipay delivers), a bank's
/// CSV statement — into <see cref="StatementRow"/>s, checking the file's own totals, and lists every problem with its
/// line. The body is read once: copied to a temporary file (deleted when done) while its SHA-256 is computed, up to a
/// limit; the rows are then streamed from that file, never held as one string.
/// </summary>
public static class StatementFiles
{
    /// <summary>How many bytes of the file are looked at to recognise its channel and encoding.</summary>
    private const int SniffBytes = 16 * 1024;

    /// <summary>GBK (code page 936), from the code-pages provider of the framework (not registered globally).</summary>
    internal static Encoding Gbk { get; } = CodePagesEncodingProvider.Instance.GetEncoding(936)!;

    /// <summary>Reads a statement file of at most <see cref="ImportBody.DefaultMaxBytes"/>.</summary>
    /// <param name="body">The file's bytes, read once to the end.</param>
    /// <param name="channel">The channel the file is posted as: WeChat Pay, Alipay or Bank.</param>
    /// <param name="entity">The entity whose account the statement is for.</param>
    /// <param name="mapping">A bank statement's columns (required for <see cref="PaymentChannel.Bank"/>, ignored otherwise).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows and totals, or the problems.</returns>
    public static Task<StatementFileResult> ReadAsync(Stream body, PaymentChannel channel, EntityId entity, BankColumnMapping? mapping, CancellationToken cancellationToken) =>
        ReadAsync(body, channel, entity, mapping, ImportBody.DefaultMaxBytes, cancellationToken);

    /// <summary>Reads a statement file of at most <paramref name="maxBytes"/>.</summary>
    /// <param name="body">The file's bytes, read once to the end.</param>
    /// <param name="channel">The channel the file is posted as.</param>
    /// <param name="entity">The entity whose account the statement is for.</param>
    /// <param name="mapping">A bank statement's columns.</param>
    /// <param name="maxBytes">The largest file read; a larger one is refused as <see cref="StatementErrorCodes.Malformed"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows and totals, or the problems.</returns>
    public static async Task<StatementFileResult> ReadAsync(Stream body, PaymentChannel channel, EntityId entity, BankColumnMapping? mapping, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var path = Path.Combine(Path.GetTempPath(), "cf-statement-" + Path.GetRandomFileName());
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var (hash, tooLarge) = await CopyAsync(body, file, maxBytes, cancellationToken).ConfigureAwait(false);
            var context = new StatementContext(entity, channel, hash);
            if (tooLarge)
            {
                context.Add(0, null, StatementErrorCodes.Malformed, $"The file is larger than {maxBytes} bytes.");
            }
            else
            {
                file.Position = 0;
                await DispatchAsync(file, mapping, context, maxBytes, cancellationToken).ConfigureAwait(false);
            }

            return Result(context);
        }
    }

    private static async Task<(string Hash, bool TooLarge)> CopyAsync(Stream body, Stream file, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return (string.Empty, true);
            }

            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), false);
    }

    private static async Task DispatchAsync(FileStream file, BankColumnMapping? mapping, StatementContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var head = new byte[SniffBytes];
        var length = await file.ReadAtLeastAsync(head, SniffBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        {
            await ReadZipAsync(file, mapping, context, maxBytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (StatementSniffer.Refuses(head.AsSpan(0, length), context, mapping))
        {
            return;
        }

        await ReadTextAsync(file, mapping, context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadZipAsync(FileStream file, BankColumnMapping? mapping, StatementContext context, long maxBytes, CancellationToken cancellationToken)
    {
        if (context.Channel != PaymentChannel.Alipay)
        {
            context.Add(0, null, StatementErrorCodes.Malformed, "The file is a zip archive; only Alipay bills are accepted zipped.");
            return;
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: Gbk);
        }
        catch (InvalidDataException ex)
        {
            context.Add(0, null, StatementErrorCodes.Malformed, $"The zip archive cannot be read: {ex.Message}");
            return;
        }

        using (zip)
        {
            var entry = zip.Entries.FirstOrDefault(e => e.Name.EndsWith("业务明细.csv", StringComparison.Ordinal))
                ?? (zip.Entries.Count(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) == 1 ? zip.Entries.First(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) : null);
            if (entry is null || entry.Length > maxBytes)
            {
                context.Add(0, null, StatementErrorCodes.Malformed, entry is null ? "The zip archive has no …业务明细.csv." : $"The archive's {entry.Name} is larger than {maxBytes} bytes.");
                return;
            }

            var head = new byte[SniffBytes];
            int length;
            await using (var sniff = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                length = await sniff.ReadAtLeastAsync(head, SniffBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            if (!StatementSniffer.Refuses(head.AsSpan(0, length), context, mapping))
            {
                await using var text = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ReadTextAsync(text, mapping, context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ReadTextAsync(Stream text, BankColumnMapping? mapping, StatementContext context, CancellationToken cancellationToken)
    {
        var encoding = context.Channel switch
        {
            PaymentChannel.Alipay => Gbk,
            PaymentChannel.Bank when mapping is { Encoding: BankFileEncoding.Gbk } => Gbk,
            _ => null,
        };
        using var csv = new StatementCsv(text, encoding, context);
        switch (context.Channel)
        {
            case PaymentChannel.WeChatPay:
                await WeChatPayBill.ReadAsync(csv, context, cancellationToken).ConfigureAwait(false);
                break;
            case PaymentChannel.Alipay:
                await AlipayBill.ReadAsync(csv, context, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await BankStatement.ReadAsync(csv, mapping!, context, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static StatementFileResult Result(StatementContext context)
    {
        if (context.Problems.Count > 0)
        {
            return new StatementFileResult([], StatementTotals.Empty, context.Sha256, [.. context.Problems.OrderBy(p => p.Line)]);
        }

        long paid = 0, refunded = 0, fees = 0;
        foreach (var row in context.Rows)
        {
            var money = row.Kind is StatementRowKind.Payment or StatementRowKind.BankCredit;
            paid += money ? row.Amount.MinorUnits : 0;
            refunded += money ? 0 : row.Amount.MinorUnits;
            fees += row.Kind == StatementRowKind.Refund ? -row.Fee.MinorUnits : row.Fee.MinorUnits;
        }

        var totals = new StatementTotals(context.Rows.Count, Money.FromMinorUnits(paid, Currency.CNY), Money.FromMinorUnits(refunded, Currency.CNY), Money.FromMinorUnits(fees, Currency.CNY));
        return new StatementFileResult(context.Rows, totals, context.Sha256, []);
    }
}
