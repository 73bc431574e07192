using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>What the readers of one statement file share: the entity and channel the rows are for, the file's hash,
/// the problems found so far (at most <see cref="MaxProblems"/>), and the rows by transaction id (for duplicates).</summary>
/// <param name="entity">The entity.</param>
/// <param name="channel">The channel.</param>
/// <param name="sha256">The file's SHA-256.</param>
internal sealed class StatementContext(EntityId entity, PaymentChannel channel, string sha256)
{
    /// <summary>The most problems listed (a file that bad is not worth more).</summary>
    internal const int MaxProblems = 1000;

    private readonly Dictionary<string, StatementRow> _byId = new(StringComparer.Ordinal);

    /// <summary>The entity.</summary>
    internal EntityId Entity { get; } = entity;

    /// <summary>The channel.</summary>
    internal PaymentChannel Channel { get; } = channel;

    /// <summary>The file's SHA-256.</summary>
    internal string Sha256 { get; } = sha256;

    /// <summary>The problems found.</summary>
    internal List<StatementProblem> Problems { get; } = [];

    /// <summary>The rows read, in file order.</summary>
    internal List<StatementRow> Rows { get; } = [];

    /// <summary>Records a problem (beyond <see cref="MaxProblems"/>, nothing).</summary>
    /// <param name="line">The line.</param>
    /// <param name="column">The column, if one.</param>
    /// <param name="code">The code.</param>
    /// <param name="reason">Why.</param>
    internal void Add(int line, string? column, string code, string reason)
    {
        if (Problems.Count < MaxProblems)
        {
            Problems.Add(new StatementProblem(line, column, code, reason));
        }
    }

    /// <summary>Keeps a row, or refuses it as a duplicate of an earlier row with the same transaction id.</summary>
    /// <param name="row">The row.</param>
    internal void Keep(StatementRow row)
    {
        row = row with { SourceFile = Sha256 };
        if (_byId.TryGetValue(row.TransactionId, out var earlier))
        {
            var same = earlier with { Line = row.Line } == row;
            Add(row.Line, null, StatementErrorCodes.DuplicateRow, same
                ? $"Line {row.Line} repeats line {earlier.Line} exactly (transaction {row.TransactionId}): a duplicate in the channel's data."
                : $"Lines {earlier.Line} and {row.Line} both have transaction {row.TransactionId}, with different content.");
            return;
        }

        _byId.Add(row.TransactionId, row);
        Rows.Add(row);
    }

    /// <summary>Reads an amount cell (see <see cref="StatementAmounts"/>), recording a problem when it is not one.</summary>
    /// <param name="line">The line.</param>
    /// <param name="column">The column.</param>
    /// <param name="text">The text.</param>
    /// <returns>The amount, or <c>null</c>.</returns>
    internal Money? Amount(int line, string column, string? text)
    {
        if (StatementAmounts.TryParse(text, out var money, out var error))
        {
            return money;
        }

        Add(line, column, StatementErrorCodes.AmountInvalid, error);
        return null;
    }
}
