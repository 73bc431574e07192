using System.Text;
using CsvHelper;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// A statement file's records read with CsvHelper one at a time (never the whole file): RFC 4180 with a comma, in the
/// given encoding (UTF-8 by default, a byte-order mark skipped), blank lines skipped, spaces and tabs around values
/// trimmed (Alipay pads its values with tabs). Bad quoting and undecodable bytes become problems of the line.
/// </summary>
internal sealed class StatementCsv : IDisposable
{
    /// <summary>The longest record read (a guard against an unclosed quote swallowing the file).</summary>
    private const int MaxRecordBytes = 1 << 20;

    private readonly CsvReader _reader;
    private readonly StatementContext _context;

    /// <summary>Opens a stream.</summary>
    /// <param name="text">The file's bytes.</param>
    /// <param name="encoding">The encoding, or <c>null</c> for UTF-8.</param>
    /// <param name="context">Where problems go.</param>
    internal StatementCsv(Stream text, Encoding? encoding, StatementContext context)
    {
        _context = context;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            MaxRecordSize = MaxRecordBytes,
            Encoding = encoding,
            DetectSeparatorHint = false,
        };
        _reader = CsvReader.Create(text, options, leaveOpen: true);
    }

    /// <summary>The line of the last record read, or 0.</summary>
    internal int LastLine { get; private set; }

    /// <summary>Reads the next record.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record's first line and cells (a byte-order mark removed), or <c>null</c> at the end or when the
    /// text cannot be read further (a problem is recorded).</returns>
    internal async Task<(int Line, string[] Cells)?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (CsvFormatException ex)
        {
            _context.Add((int)Math.Min(ex.LineNumber, int.MaxValue), null, StatementErrorCodes.Malformed, $"The file is not CSV here: {ex.Message.Split('\n')[0]}");
            return null;
        }

        var line = (int)Math.Min(_reader.LineNumber, int.MaxValue);
        var cells = new string[_reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _reader.GetString(i);
        }

        if (LastLine == 0 && cells.Length > 0)
        {
            cells[0] = cells[0].TrimStart('\uFEFF');
        }

        LastLine = line;
        if (Array.Exists(cells, c => c.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            _context.Add(line, null, StatementErrorCodes.Encoding, "The line has bytes that are not text in the file's encoding.");
        }

        return (line, cells);
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
