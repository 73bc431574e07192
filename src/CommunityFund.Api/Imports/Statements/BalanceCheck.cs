using CommunityFund.Economy;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>Checks a bank statement's running balance row to row. The first two rows with a balance decide the order:
/// oldest first (this balance = the last one + this row's amount) or newest first (the last balance = this one + the
/// last row's amount); a row that breaks it is a <see cref="StatementErrorCodes.BalanceMismatch"/>.</summary>
/// <param name="context">Where problems go.</param>
/// <param name="column">The balance column.</param>
internal sealed class BalanceCheck(StatementContext context, string column)
{
    private StatementRow? _last;
    private bool? _newestFirst;

    /// <summary>Checks a row after the last.</summary>
    /// <param name="row">The row.</param>
    internal void Check(StatementRow row)
    {
        if (row.Balance is not { } balance)
        {
            return;
        }

        if (_last is { Balance: { } last } previous)
        {
            var oldestFirst = last.MinorUnits + Signed(row) == balance.MinorUnits;
            var newestFirst = balance.MinorUnits + Signed(previous) == last.MinorUnits;
            _newestFirst ??= !oldestFirst && newestFirst ? true : oldestFirst ? false : null;
            if (_newestFirst is null || (_newestFirst.Value ? !newestFirst : !oldestFirst))
            {
                context.Add(row.Line, column, StatementErrorCodes.BalanceMismatch,
                    $"The balance {balance.ToAmountString()} on line {row.Line} does not follow from {last.ToAmountString()} on line {previous.Line} and the rows' amounts.");
            }
        }

        _last = row;
    }

    private static long Signed(StatementRow row) => row.Kind == StatementRowKind.BankCredit ? row.Amount.MinorUnits : -row.Amount.MinorUnits;
}
