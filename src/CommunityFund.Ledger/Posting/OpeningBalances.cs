using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Column = CommunityFund.Posting.OpeningBalanceColumns;

namespace CommunityFund.Posting;

/// <summary>
/// Opening balances (期初余额) as one command of the engine's pipeline (<see cref="PostingEngine.Commands"/>): the lines of
/// a file become one opening journal (<see cref="JournalKind.Opening"/>) per entity, dated the day before the books
/// start — the one date before the start a journal may have — all posted in one atomic batch or none. Refused with
/// <see cref="ErrorCodes.OpeningInvalid"/> followed by every problem of every line (its field is
/// <see cref="OpeningBalanceColumns.Field"/>: line number and column) unless every entity and account exists, every
/// given name is the account's, every amount is exact in the account's unit, the required dimensions are given and
/// each entity's lines balance; refused with <see cref="ErrorCodes.OpeningExists"/> when an entity of the file already
/// has opening balances (anything dated before the books start). Lines whose debit and credit are both blank or zero
/// are checked and then left out.
/// </summary>
/// <param name="engine">The engine.</param>
public sealed class OpeningBalances(PostingEngine engine)
{
    /// <summary>The most lines one file may have.</summary>
    public const int MaxLines = 100_000;

    /// <summary>Posts the opening balances of the entities in <paramref name="lines"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="lines">The file's lines, in file order.</param>
    /// <param name="idempotencyKey">The client's key: the same file again with it answers the first run's journals.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals posted, or why nothing was.</returns>
    public Task<CommandResult<OpeningBalancesPosted>> PostAsync(
        LedgerId ledger, IReadOnlyList<OpeningBalanceLine> lines, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var content = lines.SelectMany(l => new object?[] { l.Entity, l.Account, l.Name, l.Debit, l.Credit, l.Restriction, l.Member }).ToArray();
        var envelope = CommandEnvelope.For(ledger, "opening-balances", idempotencyKey, content);
        return engine.Commands.RunAsync(envelope, (state, ct) => PlanAsync(state, lines, ct),
            (_, journals, _) => Task.FromResult<OpeningBalancesPosted?>(new OpeningBalancesPosted(journals[0].AccountingDate, [.. journals])), cancellationToken);
    }

    private async Task<CommandPlan<OpeningBalancesPosted>> PlanAsync(LedgerState state, IReadOnlyList<OpeningBalanceLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count > MaxLines)
        {
            return CommandPlan<OpeningBalancesPosted>.Refused(ErrorCodes.OpeningInvalid, $"A file has at most {MaxLines} lines; this one has {lines.Count}.", "lines");
        }

        var errors = new List<PostingError>();
        var entities = new SortedDictionary<EntityId, EntityLines>();
        foreach (var line in lines)
        {
            var before = errors.Count;
            var draft = Read(state.Definition, line, errors, out var entity);
            if (entity is not null)
            {
                var of = entities.TryGetValue(entity.Id, out var found) ? found : entities[entity.Id] = new EntityLines(line.Line);
                of.Broken |= errors.Count > before;
                if (draft is not null)
                {
                    of.Lines.Add((line.Line, draft));
                }
            }
        }

        if (await ExistingAsync(state, entities, cancellationToken).ConfigureAwait(false) is { Count: > 0 } existing)
        {
            return CommandPlan<OpeningBalancesPosted>.Refused(existing);
        }

        CheckJournals(state.Definition, entities, errors);
        if (errors.Count > 0 || entities.Values.All(e => e.Lines.Count == 0))
        {
            var summary = errors.Count > 0
                ? $"{errors.Count} problem(s) in {errors.Select(e => e.Field).Distinct().Count()} cell(s) of the file; nothing was posted."
                : "The file has no balances: every line's debit and credit are blank or zero.";
            return CommandPlan<OpeningBalancesPosted>.Refused([new PostingError(ErrorCodes.OpeningInvalid, summary, "lines"), .. errors]);
        }

        var date = JournalRules.OpeningDate(state.Definition);
        var drafts = entities.Where(e => e.Value.Lines.Count > 0)
            .Select(e => new JournalDraft(date, JournalKind.Opening, $"期初余额 Opening balances of {e.Key}", [.. e.Value.Lines.Select(l => l.Draft)]) { SourceReference = "opening-balances" })
            .ToImmutableArray();
        return new CommandPlan<OpeningBalancesPosted>(drafts, journals => ([], new OpeningBalancesPosted(date, journals)));
    }

    /// <summary>The lines of one entity that carry a balance, and the first line that names it.</summary>
    private sealed record EntityLines(int FirstLine)
    {
        internal List<(int Line, LineDraft Draft)> Lines { get; } = [];

        /// <summary>Whether a line of the entity has a problem (its balance is then not checked: it would only repeat it).</summary>
        internal bool Broken { get; set; }
    }

    /// <summary>An entity has opening balances when anything is dated before its books start (only an opening journal
    /// may be).</summary>
    private async Task<List<PostingError>> ExistingAsync(LedgerState state, SortedDictionary<EntityId, EntityLines> entities, CancellationToken cancellationToken)
    {
        var date = JournalRules.OpeningDate(state.Definition);
        var errors = new List<PostingError>();
        foreach (var (entity, of) in entities)
        {
            if ((await engine.Store.GetBalancesAsync(state.Definition.Id, entity, date, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                errors.Add(new PostingError(ErrorCodes.OpeningExists,
                    $"Entity '{entity}' already has opening balances dated {JournalRules.Iso(date)}; correct them with a journal.", Column.Field(of.FirstLine, Column.Entity)));
            }
        }

        return errors;
    }

    /// <summary>Each entity's lines balance per unit (memo units apart), and fit in one journal; an entity with a bad line
    /// is not added up.</summary>
    private static void CheckJournals(LedgerDefinition ledger, SortedDictionary<EntityId, EntityLines> entities, List<PostingError> errors)
    {
        foreach (var (entity, of) in entities)
        {
            if (of.Lines.Count > PostingLimits.MaxLinesPerJournal)
            {
                errors.Add(new PostingError(ErrorCodes.JournalTooManyLines,
                    $"Entity '{entity}' has {of.Lines.Count} balances; one opening journal holds at most {PostingLimits.MaxLinesPerJournal}.", Column.Field(of.Lines[PostingLimits.MaxLinesPerJournal].Line, Column.Entity)));
            }

            if (of.Broken)
            {
                continue;
            }

            var chart = ledger.FindEntity(entity)!.Chart;
            foreach (var unit in of.Lines.GroupBy(l => (l.Draft.Amount.Currency.Code, chart.Find(l.Draft.Account)!.IsMemo)))
            {
                var debit = unit.Where(l => l.Draft.Side == Side.Debit).Aggregate(0m, (sum, l) => sum + l.Draft.Amount.ToDecimal());
                var credit = unit.Where(l => l.Draft.Side == Side.Credit).Aggregate(0m, (sum, l) => sum + l.Draft.Amount.ToDecimal());
                if (debit != credit)
                {
                    var places = unit.First().Draft.Amount.Currency.DecimalPlaces;
                    errors.Add(new PostingError(ErrorCodes.JournalUnbalanced,
                        $"Entity '{entity}', {(unit.Key.IsMemo ? "memo " : string.Empty)}{unit.Key.Code}: debits {Text(debit, places)} ≠ credits {Text(credit, places)} (lines {unit.First().Line}–{unit.Last().Line}); " +
                        $"{(debit > credit ? "credits" : "debits")} short by {Text(Math.Abs(debit - credit), places)}.", Column.Field(unit.First().Line, debit > credit ? Column.Credit : Column.Debit))
                    {
                        Figures = new Dictionary<string, string> { ["debits"] = Text(debit, places), ["credits"] = Text(credit, places), ["difference"] = Text(Math.Abs(debit - credit), places) },
                    });
                }
            }
        }
    }

    private static string Text(decimal amount, int places) => amount.ToString("F" + places.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks one line; its journal line, or <c>null</c> when it has problems or no balance.</summary>
    private static LineDraft? Read(LedgerDefinition ledger, OpeningBalanceLine line, List<PostingError> errors, out AccountingEntity? entity)
    {
        var before = errors.Count;
        entity = FindEntity(ledger, line, errors);
        var account = entity is null ? null : FindAccount(entity, line, errors);
        var amount = ReadAmount(line, account?.Unit ?? Currency.CNY, errors);
        var dimensions = ReadDimensions(line, account, errors);
        return errors.Count > before || entity is null || account is null || amount is not { } posted || posted.Amount.IsZero
            ? null
            : new LineDraft(entity.Id, account.Code, posted.Side, posted.Amount) { Dimensions = dimensions };
    }

    private static AccountingEntity? FindEntity(LedgerDefinition ledger, OpeningBalanceLine line, List<PostingError> errors)
    {
        var text = line.Entity?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new PostingError(ErrorCodes.OpeningValueRequired, "The entity is blank.", Column.Field(line.Line, Column.Entity)));
            return null;
        }

        var found = EntityId.TryFrom(text, out var id) ? ledger.FindEntity(id) : null;
        if (found is null)
        {
            errors.Add(new PostingError(ErrorCodes.EntityNotFound, $"Ledger '{ledger.Id}' has no entity '{text}'.", Column.Field(line.Line, Column.Entity)));
        }

        return found;
    }

    /// <summary>The line's account in the entity's chart (with a problem when the name differs, or it takes no
    /// postings), or <c>null</c> when there is none.</summary>
    private static Account? FindAccount(AccountingEntity entity, OpeningBalanceLine line, List<PostingError> errors)
    {
        var text = line.Account?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new PostingError(ErrorCodes.OpeningValueRequired, "The account code is blank.", Column.Field(line.Line, Column.Account)));
            return null;
        }

        var account = AccountCode.TryParse(text, out var code) ? entity.Chart.Find(code) : null;
        if (account is null)
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotFound, $"Account {text} is not in the chart of '{entity.Id}' ({entity.Chart.TemplateVersion}).", Column.Field(line.Line, Column.Account)));
            return null;
        }

        var name = line.Name?.Trim();
        if (!string.IsNullOrEmpty(name) && !NameMatches(account, name))
        {
            errors.Add(new PostingError(ErrorCodes.OpeningNameMismatch, $"Account {account.Code} is {account.NameZh} ({account.NameEn}), not '{name}'.", Column.Field(line.Line, Column.Name)));
        }

        if (!entity.Chart.IsLeaf(account.Code))
        {
            errors.Add(new PostingError(ErrorCodes.AccountNotLeaf, $"Account {account.DisplayName} has sub-accounts; give the balance of each of them.", Column.Field(line.Line, Column.Account)));
        }
        else if (!account.IsActive)
        {
            errors.Add(new PostingError(ErrorCodes.AccountInactive, $"Account {account.DisplayName} is deactivated.", Column.Field(line.Line, Column.Account)));
        }

        return account;
    }

    /// <summary>The chart's Chinese or English name, or both as the chart shows them (<c>1002 银行存款</c> and
    /// <c>银行存款 Bank deposits</c> are accepted too); English ignoring case.</summary>
    private static bool NameMatches(Account account, string name) =>
        name == account.NameZh || string.Equals(name, account.NameEn, StringComparison.OrdinalIgnoreCase) || name == account.DisplayName
        || string.Equals(name, $"{account.NameZh} {account.NameEn}", StringComparison.OrdinalIgnoreCase);

    private static (Side Side, Money Amount)? ReadAmount(OpeningBalanceLine line, Currency unit, List<PostingError> errors)
    {
        var debit = Amount(line, line.Debit, Column.Debit, unit, errors);
        var credit = Amount(line, line.Credit, Column.Credit, unit, errors);
        if (debit is not { } d || credit is not { } c)
        {
            return null;
        }

        if (!d.IsZero && !c.IsZero)
        {
            errors.Add(new PostingError(ErrorCodes.OpeningAmountInvalid, "The line has both a debit and a credit; give the balance on one side.", Column.Field(line.Line, Column.Credit)));
            return null;
        }

        return c.IsZero ? (Side.Debit, d) : (Side.Credit, c);
    }

    private static Money? Amount(OpeningBalanceLine line, string? text, string column, Currency unit, List<PostingError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Money.Zero(unit);
        }

        if (!Money.TryParse(text.Trim(), unit, out var money, out var error))
        {
            errors.Add(new PostingError(ErrorCodes.OpeningAmountInvalid, error, Column.Field(line.Line, column)));
            return null;
        }

        if (money.IsNegative)
        {
            errors.Add(new PostingError(ErrorCodes.OpeningAmountInvalid, $"'{text.Trim()}' is negative; put the balance in the other column.", Column.Field(line.Line, column)));
            return null;
        }

        return money;
    }

    /// <summary>The restriction and member columns as the line's dimensions; the account's required dimensions given.</summary>
    private static Dimensions ReadDimensions(OpeningBalanceLine line, Account? account, List<PostingError> errors)
    {
        var dimensions = Dimensions.Empty;
        foreach (var (name, value) in new[] { (DimensionNames.Restriction, line.Restriction?.Trim()), (DimensionNames.Member, line.Member?.Trim()) })
        {
            if (string.IsNullOrEmpty(value))
            {
                if (account is not null && account.RequiredDimensions.Contains(name))
                {
                    errors.Add(new PostingError(ErrorCodes.LineDimensionRequired, $"Account {account.DisplayName} requires a {name}.", Column.Field(line.Line, name)));
                }
            }
            else if (Dimensions.Validate(name, value) is { } problem)
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid, problem, Column.Field(line.Line, name)));
            }
            else
            {
                dimensions = dimensions.With(name, value);
            }
        }

        foreach (var other in account?.RequiredDimensions.Except([DimensionNames.Restriction, DimensionNames.Member]) ?? [])
        {
            errors.Add(new PostingError(ErrorCodes.LineDimensionRequired, $"Account {account!.DisplayName} requires the dimension '{other}', which a file cannot give; post it with a journal.", Column.Field(line.Line, Column.Account)));
        }

        return dimensions;
    }
}
