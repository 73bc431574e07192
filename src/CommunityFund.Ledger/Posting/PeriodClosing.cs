using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// Closes a month with its closing entries (结账): for each 民非 (NPO_CN) entity, the period's revenues close to
/// unrestricted (3101) or — per named restriction — restricted (3102) net assets and its expenses to 3101; for each
/// company-form (SME_CN) entity, revenues and expenses close to current-year profit (3103), and at the year's end
/// (closing December) the year's profit or loss moves on from 3103 to profit distribution (3104). The closing journals
/// are dated the period's last day and carry the calculation in their metadata; then the period is locked.
/// </summary>
/// <remarks>Closing is idempotent: once a period's revenues and expenses are closed, a second run finds nothing left
/// to close and only locks.</remarks>
public sealed class PeriodClosing
{
    private readonly ILedgerStore _store;
    private readonly PostingEngine _engine;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public PeriodClosing(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    }

    /// <summary>Posts the closing entries of <paramref name="period"/> and locks it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The next open month.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The lock result and the closing journals posted.</returns>
    public async Task<(PeriodCloseResult Close, ImmutableArray<Journal> ClosingJournals)> CloseAsync(LedgerId ledger, YearMonth period, CancellationToken cancellationToken = default)
    {
        var result = await CloseAsync(ledger, period, null, cancellationToken).ConfigureAwait(false);
        return result.Value is { } closed
            ? (new PeriodCloseResult(true, closed.ClosedThrough, []), result.Journals)
            : (new PeriodCloseResult(false, null, result.Errors), []);
    }

    /// <summary>Posts the closing entries of <paramref name="period"/> and locks it, as a command of the engine's
    /// pipeline (<see cref="PostingEngine.Commands"/>): a replayed key answers the first close (its closing journals by
    /// id; <see cref="CommandResult{T}.Journals"/> holds them only on the first run).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The next open month.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The close, or why it was refused.</returns>
    public Task<CommandResult<PeriodClosed>> CloseAsync(LedgerId ledger, YearMonth period, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var envelope = CommandEnvelope.For(ledger, "period-close", idempotencyKey, $"{period.Year:0000}-{period.Month:00}");
        return _engine.Commands.RunAsync(envelope, (_, _) => Task.FromResult(CommandPlan<PeriodClosed>.Through(async ct =>
        {
            var (close, journals) = await CloseHeldAsync(ledger, period, ct).ConfigureAwait(false);
            return close.Closed
                ? new CommandResult<PeriodClosed>(PostingOutcome.Created, new PeriodClosed(period, close.ClosedThrough!.Value, [.. journals.Select(j => j.Id)]), journals, [])
                : CommandResult<PeriodClosed>.Rejected(close.Errors);
        })), cancellationToken);
    }

    private async Task<(PeriodCloseResult Close, ImmutableArray<Journal> ClosingJournals)> CloseHeldAsync(LedgerId ledger, YearMonth period, CancellationToken cancellationToken)
    {
        var state = await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return (PeriodCloseResult.Refused(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist."), []);
        }

        var start = period.OnDayOfMonth(1);
        var end = start.PlusMonths(1).PlusDays(-1);
        var next = state.Head.ClosedThrough is { } closed ? closed.PlusDays(1) : state.Definition.BooksStart;
        if (new YearMonth(next.Year, next.Month) != period)
        {
            // Let the engine explain (already closed, or not the next period) without posting anything.
            return (await _engine.ClosePeriodHeldAsync(ledger, period, [], cancellationToken).ConfigureAwait(false), []);
        }

        var drafts = await ClosingDraftsAsync(ledger, state.Definition, period, start, end, cancellationToken).ConfigureAwait(false);
        var posted = ImmutableArray<Journal>.Empty;
        if (drafts.Count > 0)
        {
            var batch = new PostingBatch(ledger, [.. drafts], $"period-close:{period.Year:0000}-{period.Month:00}:{state.Head.Sequence}")
            {
                // What the close moved, so that statements of a closed period can still show its revenues and expenses.
                Documents = journals => [ClosedPeriods.Record(state.Definition, period, end, journals)],
            };
            var result = await _engine.PostBatchHeldAsync(batch, null, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return (new PeriodCloseResult(false, null, result.Errors), []);
            }

            posted = result.Journals;
        }

        return (await _engine.ClosePeriodHeldAsync(ledger, period, [.. posted.Select(j => j.Id)], cancellationToken).ConfigureAwait(false), posted);
    }

    /// <summary>The close's journals, entity by entity: a small-scale taxpayer's VAT exemption (<see cref="VatExemption"/>),
    /// in December a company's income tax (<see cref="IncomeTaxAccrual"/>), the closing entries, a company's year-end carry to 利润分配, a 民非's restriction releases.</summary>
    private async Task<List<JournalDraft>> ClosingDraftsAsync(LedgerId ledger, LedgerDefinition definition, YearMonth period, LocalDate start, LocalDate end, CancellationToken cancellationToken)
    {
        var (movements, restrictedBefore, vatAccrued) = await MovementsAsync(ledger, start, end, cancellationToken).ConfigureAwait(false);
        var taxYear = period.Month == 12
            ? await IncomeTaxAccrual.YearToDateAsync(definition, _store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken), end).ConfigureAwait(false)
            : [];
        var drafts = new List<JournalDraft>();
        foreach (var entity in definition.Entities.Values.Where(e => e.Profile is AccountingProfile.NpoCn or AccountingProfile.SmeCn))
        {
            var own = movements.Where(m => m.Key.Entity == entity.Id).ToList();
            var year = taxYear.GetValueOrDefault(entity.Id);
            if (VatExemption.Draft(entity, own, vatAccrued.GetValueOrDefault(entity.Id), end, period) is { } exemption)
            {
                drafts.Add(exemption);
                own = VatExemption.WithMovements(own, exemption);
                year = exemption.Lines.Aggregate(year, (y, l) => IncomeTaxAccrual.Add(y, entity, l.Account, l.Side == Side.Debit ? l.Amount.MinorUnits : -l.Amount.MinorUnits));
            }

            if (period.Month == 12 && IncomeTaxAccrual.Draft(entity, year, end) is { } incomeTax)
            {
                drafts.Add(incomeTax);
                own = VatExemption.WithMovements(own, incomeTax);
            }

            var closing = ClosingDraft(entity, own, end, period);
            if (closing is not null)
            {
                drafts.Add(closing);
            }

            if (entity.Profile == AccountingProfile.SmeCn && period.Month == 12
                && await YearEndDraftAsync(ledger, entity, closing, end, cancellationToken).ConfigureAwait(false) is { } yearEnd)
            {
                drafts.Add(yearEnd);
            }

            if (entity.Profile == AccountingProfile.NpoCn)
            {
                drafts.AddRange(ReleaseDrafts(entity, own, restrictedBefore, end, period));
            }
        }

        return drafts;
    }

    private static JournalDraft? ClosingDraft(AccountingEntity entity, IEnumerable<KeyValuePair<(EntityId Entity, AccountCode Account, string? Restriction), long>> movements, LocalDate end, YearMonth period)
    {
        var npo = entity.Profile == AccountingProfile.NpoCn;
        var unrestricted = AccountCode.Parse(npo ? "3101" : "3103");
        var lines = new List<LineDraft>();
        long toUnrestricted = 0;
        var toRestricted = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((_, code, restriction), debitMinusCredit) in movements.OrderBy(m => m.Key.Account).ThenBy(m => m.Key.Restriction, StringComparer.Ordinal))
        {
            var account = entity.Chart.Find(code);
            if (account is null || account.Type is not (AccountType.Revenue or AccountType.Expense) || debitMinusCredit == 0)
            {
                continue;
            }

            // Reverse the period's movement on the account, and carry it to net assets / profit.
            var line = new LineDraft(entity.Id, code, debitMinusCredit > 0 ? Side.Credit : Side.Debit, Money.FromMinorUnits(Math.Abs(debitMinusCredit), Currency.CNY));
            if (restriction is not null)
            {
                line = line.With(DimensionNames.Restriction, restriction);
            }

            lines.Add(line);
            if (npo && restriction is not null && account.Type == AccountType.Revenue)
            {
                toRestricted[restriction] = toRestricted.GetValueOrDefault(restriction) + debitMinusCredit;
            }
            else
            {
                toUnrestricted += debitMinusCredit;
            }
        }

        if (lines.Count == 0)
        {
            return null;
        }

        if (toUnrestricted != 0)
        {
            lines.Add(new LineDraft(entity.Id, unrestricted, toUnrestricted > 0 ? Side.Debit : Side.Credit, Money.FromMinorUnits(Math.Abs(toUnrestricted), Currency.CNY)));
        }

        foreach (var (restriction, amount) in toRestricted.Where(r => r.Value != 0))
        {
            lines.Add(new LineDraft(entity.Id, AccountCode.Parse("3102"), amount > 0 ? Side.Debit : Side.Credit, Money.FromMinorUnits(Math.Abs(amount), Currency.CNY))
                .With(DimensionNames.Restriction, restriction));
        }

        return new JournalDraft(end, JournalKind.PeriodClose, $"结账 Closing entries {period.Year:0000}-{period.Month:00} ({entity.Name})", [.. lines])
        {
            SourceReference = $"period:{period.Year:0000}-{period.Month:00}",
            Metadata = JournalMetadata.From(
                ("close.period", $"{period.Year:0000}-{period.Month:00}"),
                ("close.to_unrestricted", (-toUnrestricted).ToString(CultureInfo.InvariantCulture)),
                ("close.to_restricted", string.Join(";", toRestricted.Select(r => $"{r.Key}={(-r.Value).ToString(CultureInfo.InvariantCulture)}")))),
        };
    }

    /// <summary>
    /// The year-end close of a company-form (SME_CN) entity, after December's closing entries: the year's profit or loss
    /// in 本年利润 (3103) is carried to 利润分配—未分配利润 (3104), leaving 3103 at zero (小企业会计准则 附录 会计科目
    /// 3103: 年度终了, 应将本年收入和支出相抵后结出的本年实现的净利润, 转入"利润分配"科目). Income tax (所得税费用, 5801) is
    /// closed with the other expenses: booked by hand, or accrued by this close when the entity has a rate
    /// (<see cref="IncomeTaxAccrual"/>).
    /// </summary>
    private async Task<JournalDraft?> YearEndDraftAsync(LedgerId ledger, AccountingEntity entity, JournalDraft? closing, LocalDate end, CancellationToken cancellationToken)
    {
        var profit = AccountCode.Parse("3103");
        var balances = await _store.GetBalancesAsync(ledger, entity.Id, end, cancellationToken).ConfigureAwait(false);
        var before = balances.Where(b => b.Account == profit).Sum(b => b.DebitMinorUnits - b.CreditMinorUnits);
        var december = closing?.Lines.Where(l => l.Account == profit).Sum(l => l.Side == Side.Debit ? l.Amount.MinorUnits : -l.Amount.MinorUnits) ?? 0;
        var year = checked(before + december);
        if (year == 0)
        {
            return null;
        }

        var amount = Money.FromMinorUnits(Math.Abs(year), Currency.CNY);
        var (debit, credit) = year < 0 ? (profit, AccountCode.Parse("3104")) : (AccountCode.Parse("3104"), profit);
        return new JournalDraft(end, JournalKind.PeriodClose, $"年度结转 本年利润转入利润分配 Year-end: the year's {(year < 0 ? "profit" : "loss")} to profit distribution ({entity.Name})",
            [new LineDraft(entity.Id, debit, Side.Debit, amount), new LineDraft(entity.Id, credit, Side.Credit, amount)])
        {
            SourceReference = $"year-end:{end.Year:0000}",
            Metadata = JournalMetadata.From(("close.year", end.Year.ToString("0000", CultureInfo.InvariantCulture)), ("close.net_profit", (-year).ToString(CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>
    /// Releases from restricted to unrestricted net assets (Dr 3102 / Cr 3101), one journal per restriction: the
    /// period's spending charged to the restriction, up to what the restriction holds once this period's restricted
    /// revenue is closed into it. The calculation is kept in the journal's metadata.
    /// </summary>
    private static IEnumerable<JournalDraft> ReleaseDrafts(
        AccountingEntity entity,
        IReadOnlyList<KeyValuePair<(EntityId Entity, AccountCode Account, string? Restriction), long>> movements,
        IReadOnlyDictionary<(EntityId Entity, string Restriction), long> restrictedBefore,
        LocalDate end,
        YearMonth period)
    {
        var spending = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var revenue = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((_, code, restriction), debitMinusCredit) in movements)
        {
            if (restriction is null || entity.Chart.Find(code) is not { } account)
            {
                continue;
            }

            if (account.Type == AccountType.Expense)
            {
                spending[restriction] = checked(spending.GetValueOrDefault(restriction) + debitMinusCredit);
            }
            else if (account.Type == AccountType.Revenue)
            {
                revenue[restriction] = checked(revenue.GetValueOrDefault(restriction) - debitMinusCredit);
            }
        }

        var text = $"{period.Year:0000}-{period.Month:00}";
        foreach (var (restriction, spent) in spending.Where(s => s.Value > 0))
        {
            var available = checked(restrictedBefore.GetValueOrDefault((entity.Id, restriction)) + revenue.GetValueOrDefault(restriction));
            var release = Math.Min(spent, available);
            if (release <= 0)
            {
                continue;
            }

            var amount = Money.FromMinorUnits(release, Currency.CNY);
            yield return new JournalDraft(end, JournalKind.RestrictionRelease, $"限定性净资产解除限定 Restriction released: {restriction} {text} ({entity.Name})",
            [
                new LineDraft(entity.Id, AccountCode.Parse("3102"), Side.Debit, amount).With(DimensionNames.Restriction, restriction),
                new LineDraft(entity.Id, AccountCode.Parse("3101"), Side.Credit, amount),
            ])
            {
                SourceReference = $"period:{text}:release",
                Metadata = JournalMetadata.From(
                    ("release.period", text), ("release.restriction", restriction),
                    ("release.spending", spent.ToString(CultureInfo.InvariantCulture)),
                    ("release.available", available.ToString(CultureInfo.InvariantCulture)),
                    ("release.amount", release.ToString(CultureInfo.InvariantCulture)),
                    ("release.rule", "min(spending charged to the restriction in the period, restricted net assets held after closing its revenue)")),
            };
        }
    }

    /// <summary>The movement (debit − credit) of every CNY line in the period, per entity, account and restriction; the
    /// restricted net assets (3102, credit − debit) per entity and restriction before the period; and per entity the VAT
    /// its sales accrued in the period (<see cref="VatExemption.AccruedBy"/>, credit − debit).</summary>
    private async Task<(Dictionary<(EntityId Entity, AccountCode Account, string? Restriction), long> Movements, Dictionary<(EntityId Entity, string Restriction), long> RestrictedBefore, Dictionary<EntityId, long> VatAccrued)> MovementsAsync(
        LedgerId ledger, LocalDate start, LocalDate end, CancellationToken ct)
    {
        var movements = new Dictionary<(EntityId, AccountCode, string?), long>();
        var restricted = new Dictionary<(EntityId, string), long>();
        var vat = new Dictionary<EntityId, long>();
        var restrictedNetAssets = AccountCode.Parse("3102");
        await foreach (var journal in _store.StreamJournalsAsync(ledger, cancellationToken: ct).ConfigureAwait(false))
        {
            if (journal.AccountingDate > end)
            {
                continue;
            }

            foreach (var line in journal.Lines.Where(l => l.Amount.Currency == Currency.CNY && !l.Account.IsMemo))
            {
                var restriction = line.Dimensions.TryGetValue(DimensionNames.Restriction, out var r) ? r : null;
                if (journal.AccountingDate < start)
                {
                    if (restriction is not null && line.Account == restrictedNetAssets)
                    {
                        restricted[(line.Entity, restriction)] = checked(restricted.GetValueOrDefault((line.Entity, restriction)) - line.SignedMinorUnits);
                    }

                    continue;
                }

                var key = (line.Entity, line.Account, restriction);
                movements[key] = checked(movements.GetValueOrDefault(key) + line.SignedMinorUnits);
                if (line.Account == ChartTemplates.VatPayable && VatExemption.AccruedBy.Contains(journal.Kind))
                {
                    vat[line.Entity] = checked(vat.GetValueOrDefault(line.Entity) - line.SignedMinorUnits);
                }
            }
        }

        return (movements, restricted, vat);
    }
}
