namespace CommunityFund.Api.Imports;

/// <summary>One row of an imported table (CSV record or worksheet row) with its cells as text.</summary>
/// <param name="Line">Its line number (CSV: the line the record starts on, the header being 1; XLSX: the row number).</param>
/// <param name="Cells">Its cells, by position.</param>
internal sealed record TableRow(int Line, string?[] Cells)
{
    /// <summary><c>true</c> when every cell is blank.</summary>
    internal bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}
