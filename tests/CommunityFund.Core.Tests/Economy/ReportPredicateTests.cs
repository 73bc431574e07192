using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>
/// The report predicates say "no" when the figures disagree — <see cref="FairnessStream.IsFair"/>,
/// <see cref="FairnessLine.WithinOneFen"/> and <see cref="Reconciliation.Agrees"/> — on books built to be unfair or to
/// disagree, so that the many assertions built on them cannot pass vacuously.
/// </summary>
public class ReportPredicateTests
{
    private static FairnessLine Line(DistributionParty party, decimal drift) =>
        new(party, 5000, Money.FromMinorUnits(100, Currency.CNY), 1.00m - drift, drift);

    [Theory]
    [InlineData("0")]
    [InlineData("0.0099")]
    [InlineData("-0.0099")]
    public void WithinOneFen_HoldsForADriftUnderOneFen(string drift) =>
        Assert.True(Line(DistributionParty.Provider, decimal.Parse(drift, System.Globalization.CultureInfo.InvariantCulture)).WithinOneFen);

    [Theory]
    [InlineData("0.01")]
    [InlineData("-0.01")]
    [InlineData("0.25")]
    public void WithinOneFen_FailsForADriftOfOneFenOrMore(string drift) =>
        Assert.False(Line(DistributionParty.Provider, decimal.Parse(drift, System.Globalization.CultureInfo.InvariantCulture)).WithinOneFen);

    [Fact]
    public void IsFair_IsFalseWhenOnePartyOfThreeDriftedByAFen()
    {
        var stream = new FairnessStream(ElderCare, "standard@1", 1, Cny(1m),
            [Line(DistributionParty.Provider, 0m), Line(DistributionParty.Hub, 0.005m), Line(DistributionParty.CommunityFund, -0.01m)]);

        Assert.False(stream.IsFair);
    }

    [Fact]
    public void IsFair_IsTrueWhenEveryPartyIsWithinAFen()
    {
        var stream = new FairnessStream(ElderCare, "standard@1", 1, Cny(1m),
            [Line(DistributionParty.Provider, 0.009m), Line(DistributionParty.Hub, -0.009m), Line(DistributionParty.CommunityFund, 0m)]);

        Assert.True(stream.IsFair);
    }

    [Fact]
    public async Task Fairness_OfBooksWhoseRecordedPartsWereShiftedByTwoFen_IsUnfair()
    {
        var books = EconomyBooks.Create();
        books.SellOk(PaidMeal());
        var shifted = ShiftedPartsStore.Wrap(books.Store);

        var stream = Assert.Single(await DistributionReports.FairnessAsync(shifted, EconomyBooks.Ledger));

        Assert.Equal([7002L, 2498L, 500L], stream.Lines.Select(l => l.Paid.MinorUnits));
        Assert.Equal([0.02m, -0.02m, 0m], stream.Lines.Select(l => l.Drift));
        Assert.False(stream.IsFair);
    }

    [Fact]
    public void Agrees_IsFalseWhenTheTwoBooksDifferByOneFen() =>
        Assert.False(new Reconciliation(ElderCare, Hub, Money.FromMinorUnits(2_500, Currency.CNY), Money.FromMinorUnits(2_499, Currency.CNY)).Agrees);

    [Fact]
    public void Agrees_IsTrueWhenTheTwoBooksSayTheSame() =>
        Assert.True(new Reconciliation(ElderCare, Hub, Money.FromMinorUnits(2_500, Currency.CNY), Money.FromMinorUnits(2_500, Currency.CNY)).Agrees);

    [Fact]
    public async Task Reconciliation_OfBooksWhereOnlyTheProviderBookedItsDebtToTheHub_Disagrees()
    {
        var books = EconomyBooks.Create();
        var owed = Cny(25m);
        var posted = await books.Engine.PostAsync(EconomyBooks.Ledger, new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Manual, "hub share booked on one side only",
        [
            LineDraft.Debit(ElderCare, "5101.03", owed).With(DimensionNames.Counterparty, "hub"),
            LineDraft.Credit(ElderCare, "2209.01", owed).With(DimensionNames.Counterparty, "hub"),
        ]));
        Assert.Equal(PostingOutcome.Created, posted.Outcome);

        var row = Assert.Single(books.Reconcile());

        Assert.Equal((ElderCare, Hub, owed, Cny(0m)), (row.Provider, row.Counterparty, row.ProviderOwes, row.CounterpartyClaims));
        Assert.False(row.Agrees);
    }

    /// <summary>Economy records whose distributions pay the provider 2 fen of the hub's part: books made unfair.</summary>
    public class ShiftedPartsStore : System.Reflection.DispatchProxy
    {
        private IEconomyStore _inner = null!;

        internal static IEconomyStore Wrap(IEconomyStore inner)
        {
            var proxy = Create<IEconomyStore, ShiftedPartsStore>();
            ((ShiftedPartsStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_inner, args);
            return targetMethod.Name switch
            {
                nameof(IEconomyStore.ListSalesAsync) when result is Task<IReadOnlyList<SaleRecord>> sales => Shift(sales),
                nameof(IEconomyStore.StreamRecordsAsync) when (string)args![1]! == EconomyRecords.Sale.Kind && result is IAsyncEnumerable<Storage.LedgerDocument> records => Shift(records),
                _ => result,
            };
        }

        private static async Task<IReadOnlyList<SaleRecord>> Shift(Task<IReadOnlyList<SaleRecord>> sales) => [.. (await sales).Select(Shift)];

        /// <summary>The sale records as documents (the reports read them one at a time), shifted the same way.</summary>
        private static async IAsyncEnumerable<Storage.LedgerDocument> Shift(IAsyncEnumerable<Storage.LedgerDocument> records)
        {
            await foreach (var record in records)
            {
                yield return EconomyRecords.Sale.Write(record.Key, record.Owner, record.Order, Shift(EconomyRecords.Sale.Read(record)));
            }
        }

        private static SaleRecord Shift(SaleRecord sale) => sale with
        {
            Distributions = [.. sale.Distributions.Select(d => d with { Parts = d.Parts with { Provider = d.Parts.Provider + 2, Hub = d.Parts.Hub - 2 } })],
        };
    }
}
