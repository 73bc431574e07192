using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

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
        else if (text.Any(c => char.IsControl(c) && c != '\n'))
        {
            errors.Add(new PostingError(code, $"'{field}' contains control characters.", field));
        }
    }

    internal static void CheckDate(LedgerState state, LocalDate date, string field, List<PostingError> errors)
    {
        if (date < state.Definition.BooksStart)
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

        if (!Enum.IsDefined(draft.Kind) || draft.Kind == JournalKind.Reversal)
        {
            errors.Add(new PostingError(ErrorCodes.JournalKindInvalid,
                draft.Kind == JournalKind.Reversal ? "Reversals are created only by reversing a journal." : $"Unknown journal kind {(int)draft.Kind}.",
                $"{path}.kind"));
        }

        CheckText(draft.Memo, PostingLimits.MaxMemoLength, required: false, ErrorCodes.JournalMemoInvalid, $"{path}.memo", errors);
        CheckText(draft.SourceReference, PostingLimits.MaxSourceReferenceLength, required: false, ErrorCodes.JournalSourceInvalid, $"{path}.sourceReference", errors);
        CheckDate(state, draft.AccountingDate, $"{path}.accountingDate", errors);
        foreach (var (key, value) in draft.Metadata ?? JournalMetadata.Empty)
        {
            if (key.Length is 0 or > JournalMetadata.MaxKeyLength || value is null || value.Length > JournalMetadata.MaxValueLength || value.Any(char.IsControl))
            {
                errors.Add(new PostingError(ErrorCodes.JournalMetadataInvalid, $"Metadata '{key}' is empty, too long or has control characters.", $"{path}.metadata.{key}"));
            }
        }

        var lines = draft.Lines.IsDefault ? [] : draft.Lines;
        if (lines.Length < 2)
        {
            errors.Add(new PostingError(ErrorCodes.JournalTooFewLines, $"A journal needs at least two lines; this one has {lines.Length}.", $"{path}.lines"));
            return;
        }

        if (lines.Length > PostingLimits.MaxLinesPerJournal)
        {
            errors.Add(new PostingError(ErrorCodes.JournalTooManyLines, $"A journal has at most {PostingLimits.MaxLinesPerJournal} lines; this one has {lines.Length}.", $"{path}.lines"));
            return;
        }

        var totals = new SortedDictionary<(string Entity, string Unit, bool Memo), (long Debit, long Credit)>();
        var linesValid = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var linePath = $"{path}.lines[{i}]";
            if (line is null)
            {
                errors.Add(new PostingError(ErrorCodes.LineMissing, "The line is missing.", linePath));
                linesValid = false;
                continue;
            }

            if (!CheckLine(state.Definition, line, linePath, errors, out var account))
            {
                linesValid = false;
                continue;
            }

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
                errors.Add(new PostingError(ErrorCodes.LineAmountNotPositive, "The amounts are too large to add up.", $"{linePath}.amount"));
                return;
            }

            totals[key] = sum;
        }

        if (!linesValid)
        {
            return;
        }

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
        if (!line.Amount.HasCurrency || line.Amount.MinorUnits <= 0)
        {
            errors.Add(new PostingError(ErrorCodes.LineAmountNotPositive,
                line.Amount.HasCurrency ? $"A line amount must be greater than zero; it is {line.Amount}." : "The line has no amount.", $"{path}.amount"));
        }

        if (line.Side is not (Side.Debit or Side.Credit))
        {
            errors.Add(new PostingError(ErrorCodes.LineSideInvalid, $"Unknown side {(int)line.Side}.", $"{path}.side"));
        }

        var entity = line.Entity.Value is null ? null : ledger.FindEntity(line.Entity);
        if (entity is null)
        {
            errors.Add(new PostingError(ErrorCodes.EntityNotFound, $"Ledger '{ledger.Id}' has no entity '{line.Entity}'.", $"{path}.entity"));
            return false;
        }

        var found = line.Account.Value is null ? null : entity.Chart.Find(line.Account);
        if (found is null)
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotFound, $"Account {line.Account} is not in the chart of '{entity.Id}' ({entity.Chart.TemplateVersion}).", $"{path}.account"));
            return false;
        }

        if (!entity.Chart.IsLeaf(found.Code))
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotLeaf, $"Account {found.DisplayName} has sub-accounts; post to one of them.", $"{path}.account"));
        }

        if (!found.IsActive)
        {
            errors.Add(new PostingError(ErrorCodes.AccountInactive, $"Account {found.DisplayName} is deactivated.", $"{path}.account"));
        }

        if (line.Amount.HasCurrency && line.Amount.Currency != found.Unit)
        {
            errors.Add(new PostingError(ErrorCodes.AccountUnitMismatch,
                $"Account {found.DisplayName} is kept in {found.Unit.Code}{(found.IsMemo ? " (memo)" : string.Empty)}; the line is in {line.Amount.Currency.Code}.", $"{path}.amount"));
        }

        var dimensions = line.Dimensions ?? Dimensions.Empty;
        foreach (var (name, value) in dimensions)
        {
            if (Dimensions.Validate(name, value) is { } problem)
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid, problem, $"{path}.dimensions.{name}"));
            }
        }

        foreach (var required in found.RequiredDimensions)
        {
            if (!dimensions.ContainsKey(required))
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionRequired, $"Account {found.DisplayName} requires the dimension '{required}'.", $"{path}.dimensions"));
            }
        }

        account = found;
        return errors.Count == before;
    }

    internal static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
