using CsvHelper;

namespace CommunityFund.Api.Imports;

/// <summary>
/// CSV read with CsvHelper as a stream of rows, never as a whole: RFC 4180 with a comma, quoted fields may hold commas,
/// quotes and line breaks; UTF-8 (a byte-order mark is skipped; bytes that are not UTF-8 make the file unreadable); blank lines are skipped;
/// spaces around values are trimmed.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    /// <summary>The longest record read (a guard against an unclosed quote swallowing the file).</summary>
    private const int MaxRecordBytes = 1 << 20;

    private readonly CsvReader _reader;

    /// <summary>Opens a stream.</summary>
    /// <param name="body">The CSV.</param>
    internal CsvTable(Stream body)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            MaxRecordSize = MaxRecordBytes,
        };
        _reader = CsvReader.Create(body, options, leaveOpen: true);
    }

    /// <summary>Reads the next row.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The row, or <c>null</c> at the end.</returns>
    /// <exception cref="ImportUnreadableException">The text is not UTF-8, or not CSV.</exception>
    internal async Task<TableRow?> ReadAsync(CancellationToken cancellationToken)
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
            throw new ImportUnreadableException($"The file is not CSV at line {ex.LineNumber}: {ex.Message.Split('\n')[0]}", ex);
        }

        var line = (int)Math.Min(_reader.LineNumber, int.MaxValue);
        var cells = new string?[_reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _reader.GetString(i);
            if (cells[i]!.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw new ImportUnreadableException($"The file is not UTF-8 text at line {line}; save it as CSV UTF-8.");
            }
        }

        if (line == 1 && cells.Length > 0)
        {
            cells[0] = cells[0]!.TrimStart('\uFEFF');
        }

        return new TableRow(line, cells);
    }

    /// <summary>Reads every row, at most <paramref name="maxRows"/>.</summary>
    /// <param name="body">The CSV.</param>
    /// <param name="maxRows">The most rows to read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows.</returns>
    internal static async Task<List<TableRow>> ReadAllAsync(Stream body, int maxRows, CancellationToken cancellationToken)
    {
        using var table = new CsvTable(body);
        var rows = new List<TableRow>();
        while (rows.Count < maxRows && await table.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
