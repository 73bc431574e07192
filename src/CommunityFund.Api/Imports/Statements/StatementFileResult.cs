using CommunityFund.Economy;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>What reading a statement file gave: its rows and totals, or its problems (then no rows at all).</summary>
/// <param name="Rows">The rows, in file order; empty when the file is refused.</param>
/// <param name="Totals">The totals of the rows read (<see cref="StatementTotals.Empty"/> when refused).</param>
/// <param name="Sha256">The SHA-256 of the bytes as received (lower-case hex), also each row's <see cref="StatementRow.SourceFile"/>.</param>
/// <param name="Problems">Every problem found, in line order; empty when the file is accepted.</param>
public sealed record StatementFileResult(IReadOnlyList<StatementRow> Rows, StatementTotals Totals, string Sha256, IReadOnlyList<StatementProblem> Problems)
{
    /// <summary>Whether the file is refused (it has problems).</summary>
    public bool IsRefused => Problems.Count > 0;
}
