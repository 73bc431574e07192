using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using CommunityFund.Utility;
using NodaTime;
using NodaTime.Text;
using LineTotals = System.Collections.Generic.SortedDictionary<(string Entity, string Unit, bool Memo), (long Debit, long Credit)>;

namespace CommunityFund.Posting;

/// <summary>The rules every journal must meet before it enters the books; each broken rule is one coded error.</summary>
internal static class JournalRules
{
    internal static void CheckIdempotencyKey(string? key, List<PostingError> errors)
    {
        if (key is null)
        {
            return;
        }

        if (key.Length == 0 || key.Length > PostingLimits.MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            errors.Add(new PostingError(ErrorCodes.IdempotencyKeyInvalid,
                $"An idempotency key is 1–{PostingLimits.MaxIdempotencyKeyLength} printable ASCII characters without spaces.", "idempotencyKey"));
        }
    }

    internal static void CheckText(string? text, int maxLength, bool required, string code, string field, List<PostingError> errors)
    {
        if (text is null || (required && string.IsNullOrWhiteSpace(text)))
        {
            if (required)
            {
                errors.Add(new PostingError(code, $"'{field}' is required.", field));
            }

            return;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new PostingError(code, $"'{field}' is longer than {maxLength} characters.", field));
        }
        else if (ControlCharacters.OtherThanLineFeedIn(text))
        {
            errors.Add(new PostingError(code, $"'{field}' contains control characters.", field));
        }
    }

    internal static void CheckDate(LedgerState state, LocalDate date, string field, List<PostingError> errors) =>
        CheckDate(state, date, JournalKind.Manual, field, errors);

    /// <summary>The date is in the books and in an open period. Only an opening journal (<see cref="JournalKind.Opening"/>)
    /// may be dated the day before the books start (<see cref="OpeningDate"/>): its balances are those the books start
    /// with; nothing is ever dated earlier.</summary>
    internal static void CheckDate(LedgerState state, LocalDate date, JournalKind kind, string field, List<PostingError> errors)
    {
        var earliest = kind == JournalKind.Opening ? OpeningDate(state.Definition) : state.Definition.BooksStart;
        if (date < earliest)
        {
            errors.Add(new PostingError(ErrorCodes.PeriodBeforeBooksStart,
                $"{Iso(date)} is before the books of ledger '{state.Definition.Id}' start ({Iso(state.Definition.BooksStart)}).", field));
        }
        else if (state.Head.ClosedThrough is { } closed && date <= closed)
        {
            errors.Add(new PostingError(ErrorCodes.PeriodClosed,
                $"{Iso(date)} falls in a closed period: the books are closed through {Iso(closed)}; post a correction dated after it.", field));
        }
    }

    internal static void CheckDraft(LedgerState state, JournalDraft? draft, string path, List<PostingError> errors)
    {
        if (draft is null)
        {
            errors.Add(new PostingError(ErrorCodes.JournalMissing, "The journal is missing.", path));
            return;
        }

        CheckHeader(state, draft, path, errors);
        var lines = draft.Lines.IsDefault ? [] : draft.Lines;
        if (CheckLineCount(lines, path, errors) && SumLines(state.Definition, lines, path, errors) is { } totals)
        {
            CheckBalanced(totals, path, errors);
        }
    }

    /// <summary>Everything about a journal but its lines: kind, memo, source reference, date and metadata.</summary>
    private static void CheckHeader(LedgerState state, JournalDraft draft, string path, List<PostingError> errors)
    {
        if (!Enum.IsDefined(draft.Kind) || draft.Kind == JournalKind.Reversal)
        {
            errors.Add(new PostingError(ErrorCodes.JournalKindInvalid,
                draft.Kind == JournalKind.Reversal ? "Reversals are created only by reversing a journal." : $"Unknown journal kind {(int)draft.Kind}.",
                $"{path}.kind"));
        }

        CheckText(draft.Memo, PostingLimits.MaxMemoLength, required: false, ErrorCodes.JournalMemoInvalid, $"{path}.memo", errors);
        CheckText(draft.SourceReference, PostingLimits.MaxSourceReferenceLength, required: false, ErrorCodes.JournalSourceInvalid, $"{path}.sourceReference", errors);
        CheckDate(state, draft.AccountingDate, draft.Kind, $"{path}.accountingDate", errors);
        foreach (var (key, value) in draft.Metadata ?? JournalMetadata.Empty)
        {
            if (key.Length is 0 or > JournalMetadata.MaxKeyLength || value is null || value.Length > JournalMetadata.MaxValueLength || ControlCharacters.In(value))
            {
                errors.Add(new PostingError(ErrorCodes.JournalMetadataInvalid, $"Metadata '{key}' is empty, too long or has control characters.", $"{path}.metadata.{key}"));
            }
        }
    }

    /// <returns><c>true</c> when the journal has between two lines and the most allowed.</returns>
    private static bool CheckLineCount(ImmutableArray<LineDraft> lines, string path, List<PostingError> errors)
    {
        if (lines.Length < 2)
        {
            errors.Add(new PostingError(ErrorCodes.JournalTooFewLines, $"A journal needs at least two lines; this one has {lines.Length}.", $"{path}.lines"));
            return false;
        }

        if (lines.Length > PostingLimits.MaxLinesPerJournal)
        {
            errors.Add(new PostingError(ErrorCodes.JournalTooManyLines, $"A journal has at most {PostingLimits.MaxLinesPerJournal} lines; this one has {lines.Length}.", $"{path}.lines"));
            return false;
        }

        return true;
    }

    /// <summary>Checks every line and adds up the debits and credits per entity, unit and memo-ness.</summary>
    /// <returns>The totals, or <c>null</c> when a line is missing or broken, or the amounts overflow.</returns>
    private static LineTotals? SumLines(LedgerDefinition ledger, ImmutableArray<LineDraft> lines, string path, List<PostingError> errors)
    {
        var totals = new LineTotals();
        var linesValid = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var linePath = $"{path}.lines[{i}]";
            if (line is null)
            {
                errors.Add(new PostingError(ErrorCodes.LineMissing, "The line is missing.", linePath));
                linesValid = false;
            }
            else if (!CheckLine(ledger, line, linePath, errors, out var account))
            {
                linesValid = false;
            }
            else if (!TryAddToTotals(totals, line, account))
            {
                errors.Add(new PostingError(ErrorCodes.LineAmountNotPositive, "The amounts are too large to add up.", $"{linePath}.amount"));
                return null;
            }
        }

        return linesValid ? totals : null;
    }

    /// <returns><c>false</c> when the line's side would no longer fit in a <see cref="long"/>.</returns>
    private static bool TryAddToTotals(LineTotals totals, LineDraft line, Account account)
    {
        var key = (line.Entity.Value, line.Amount.Currency.Code, account.IsMemo);
        totals.TryGetValue(key, out var sum);
        try
        {
            sum = line.Side == Side.Debit
                ? (checked(sum.Debit + line.Amount.MinorUnits), sum.Credit)
                : (sum.Debit, checked(sum.Credit + line.Amount.MinorUnits));
        }
        catch (OverflowException)
        {
            return false;
        }

        totals[key] = sum;
        return true;
    }

    private static void CheckBalanced(LineTotals totals, string path, List<PostingError> errors)
    {
        foreach (var ((entity, unit, memo), (debit, credit)) in totals)
        {
            if (debit != credit)
            {
                var currency = Currency.FromCode(unit);
                var difference = Money.FromMinorUnits(Math.Abs(debit - credit), currency);
                errors.Add(new PostingError(ErrorCodes.JournalUnbalanced,
                    $"Entity '{entity}', {(memo ? "memo " : string.Empty)}{unit}: debits {Money.FromMinorUnits(debit, currency).ToAmountString()} ≠ credits {Money.FromMinorUnits(credit, currency).ToAmountString()}; {(debit > credit ? "credits" : "debits")} short by {difference.ToAmountString()}.",
                    $"{path}.lines"));
            }
        }
    }

    private static bool CheckLine(LedgerDefinition ledger, LineDraft line, string path, List<PostingError> errors, out Account account)
    {
        account = null!;
        var before = errors.Count;
        CheckAmountAndSide(line, path, errors);
        if (FindAccount(ledger, line, path, errors) is not { } located)
        {
            return false;
        }

        var (entity, found) = located;
        CheckPostable(entity.Chart, found, line.Amount, path, errors);
        CheckDimensions(found, line.Dimensions ?? Dimensions.Empty, path, errors);
        CheckCashFlow(entity, found, line.Dimensions ?? Dimensions.Empty, path, errors);
        account = found;
        return errors.Count == before;
    }

    private static void CheckAmountAndSide(LineDraft line, string path, List<PostingError> errors)
    {
        if (!line.Amount.HasCurrency || line.Amount.MinorUnits <= 0)
        {
            errors.Add(new PostingError(ErrorCodes.LineAmountNotPositive,
                line.Amount.HasCurrency ? $"A line amount must be greater than zero; it is {line.Amount}." : "The line has no amount.", $"{path}.amount"));
        }

        if (line.Side is not (Side.Debit or Side.Credit))
        {
            errors.Add(new PostingError(ErrorCodes.LineSideInvalid, $"Unknown side {(int)line.Side}.", $"{path}.side"));
        }
    }

    /// <summary>The line's entity and account in the ledger.</summary>
    /// <returns>Both, or <c>null</c> (with an error) when either is unknown.</returns>
    private static (AccountingEntity Entity, Account Account)? FindAccount(LedgerDefinition ledger, LineDraft line, string path, List<PostingError> errors)
    {
        var entity = line.Entity.Value is null ? null : ledger.FindEntity(line.Entity);
        if (entity is null)
        {
            errors.Add(new PostingError(ErrorCodes.EntityNotFound, $"Ledger '{ledger.Id}' has no entity '{line.Entity}'.", $"{path}.entity"));
            return null;
        }

        var found = line.Account.Value is null ? null : entity.Chart.Find(line.Account);
        if (found is null)
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotFound, $"Account {line.Account} is not in the chart of '{entity.Id}' ({entity.Chart.TemplateVersion}).", $"{path}.account"));
            return null;
        }

        return (entity, found);
    }

    /// <summary>The account takes postings: a leaf, active, kept in the line's unit.</summary>
    private static void CheckPostable(ChartOfAccounts chart, Account account, Money amount, string path, List<PostingError> errors)
    {
        if (!chart.IsLeaf(account.Code))
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotLeaf, $"Account {account.DisplayName} has sub-accounts; post to one of them.", $"{path}.account"));
        }

        if (!account.IsActive)
        {
            errors.Add(new PostingError(ErrorCodes.AccountInactive, $"Account {account.DisplayName} is deactivated.", $"{path}.account"));
        }

        if (amount.HasCurrency && amount.Currency != account.Unit)
        {
            errors.Add(new PostingError(ErrorCodes.AccountUnitMismatch,
                $"Account {account.DisplayName} is kept in {account.Unit.Code}{(account.IsMemo ? " (memo)" : string.Empty)}; the line is in {amount.Currency.Code}.", $"{path}.amount"));
        }
    }

    /// <summary>Every dimension is well-formed, and the account's required dimensions are present.</summary>
    private static void CheckDimensions(Account account, Dimensions dimensions, string path, List<PostingError> errors)
    {
        foreach (var (name, value) in dimensions)
        {
            if (Dimensions.Validate(name, value) is { } problem)
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid, problem, $"{path}.dimensions.{name}"));
            }
        }

        foreach (var required in account.RequiredDimensions)
        {
            if (!dimensions.ContainsKey(required))
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionRequired, $"Account {account.DisplayName} requires the dimension '{required}'.", $"{path}.dimensions"));
            }
        }
    }

    /// <summary>A cash-flow item is on a line of a cash account, and the entity's cash-flow statement has a line for it.</summary>
    private static void CheckCashFlow(AccountingEntity entity, Account account, Dimensions dimensions, string path, List<PostingError> errors)
    {
        if (!dimensions.TryGetValue(DimensionNames.CashFlow, out var code) || !CashFlowItem.TryParse(code, out var item))
        {
            return;
        }

        if (!CashFlowItem.IsCashAccount(account.Code) || account.IsMemo)
        {
            errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid,
                $"Only a line of a cash account (1001, 1002, 1009, 1012) carries a cash-flow item; {account.DisplayName} is not one.", $"{path}.dimensions.{DimensionNames.CashFlow}"));
        }
        else if (!item!.IsFor(entity.Profile))
        {
            errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid,
                $"The cash-flow statement of '{entity.Id}' ({entity.Profile}) has no line for '{item.Code}'.", $"{path}.dimensions.{DimensionNames.CashFlow}"));
        }
    }

    /// <summary>The date of a ledger's opening balances: the day before its books start.</summary>
    internal static LocalDate OpeningDate(LedgerDefinition ledger) => ledger.BooksStart.PlusDays(-1);

    internal static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
