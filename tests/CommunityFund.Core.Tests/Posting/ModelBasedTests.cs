using CommunityFund.Ledger;
using CommunityFund.Posting;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CommunityFund.Tests.Posting;

/// <summary>
/// Runs random command sequences — post, post invalid, replay, conflicting key, reverse, close period — against the
/// engine and against a plain reference model, and compares outcomes and balances after every step.
/// </summary>
public class ModelBasedTests
{
    [Fact]
    public void RandomCommandSequences_AgreeWithTheReferenceModel() =>
        Prop.ForAll(Generators.Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            var model = new Model();
            for (var step = 0; step < 40; step++)
            {
                var command = random.Next(10);
                var label = $"seed {seed}, step {step}, command {command}";
                switch (command)
                {
                    case <= 3:
                        PostNew(books, model, random, label);
                        break;
                    case 4:
                        var (bad, code, _) = RandomJournals.Corrupt(RandomJournals.Valid(random), random);
                        var rejected = books.Post(bad);
                        Assert.True(rejected.Outcome == PostingOutcome.Rejected && rejected.Errors.Any(e => e.Code == code), label);
                        break;
                    case 5 when model.Keys.Count > 0:
                        var (key, draft) = model.Keys.ElementAt(random.Next(model.Keys.Count));
                        var replay = books.Post(draft, key);
                        Assert.True(replay.Outcome == PostingOutcome.AlreadyExists, $"{label}: replay gave {replay.Outcome}");
                        break;
                    case 6 when model.Keys.Count > 0:
                        var (usedKey, _) = model.Keys.ElementAt(random.Next(model.Keys.Count));
                        var conflict = books.Post(RandomJournals.Valid(random), usedKey);
                        Assert.True(conflict.Outcome == PostingOutcome.Conflict, $"{label}: conflict gave {conflict.Outcome}");
                        break;
                    case 7 or 8 when model.Journals.Count > 0:
                        Reverse(books, model, random, label);
                        break;
                    case 9:
                        Close(books, model, label);
                        break;
                }

                model.AssertSameBalances(books, label);
            }

            Assert.True(ChainVerifier.Verify(books.AllJournals()).IsIntact);
        }).Check(Generators.Runs(200));

    private static void PostNew(TestBooks books, Model model, Random random, string label)
    {
        var draft = RandomJournals.Valid(random);
        var key = random.Next(2) == 0 ? $"k-{model.Keys.Count}-{random.Next()}" : null;
        var result = books.Post(draft, key);
        if (model.ClosedThrough is { } closed && draft.AccountingDate <= closed)
        {
            Assert.True(result.Errors.Any(e => e.Code == ErrorCodes.PeriodClosed), $"{label}: expected period.closed");
            return;
        }

        Assert.True(result.Outcome == PostingOutcome.Created, $"{label}: {string.Join("; ", result.Errors)}");
        model.Apply(result.Journal);
        if (key is not null)
        {
            model.Keys[key] = draft;
        }
    }

    private static void Reverse(TestBooks books, Model model, Random random, string label)
    {
        var target = model.Journals[random.Next(model.Journals.Count)];
        var date = target.AccountingDate.PlusDays(random.Next(-3, 30));
        var result = books.Reverse(new ReversalRequest(TestBooks.Ledger, target.Id, "model reversal", date));
        string? expected = model.Reversed.Contains(target.Id) ? ErrorCodes.JournalAlreadyReversed
            : target.Kind == JournalKind.Reversal ? ErrorCodes.JournalIsReversal
            : date < target.AccountingDate ? ErrorCodes.ReversalDateBeforeOriginal
            : model.ClosedThrough is { } closed && date <= closed ? ErrorCodes.PeriodClosed
            : null;
        if (expected is null)
        {
            Assert.True(result.Outcome == PostingOutcome.Created, $"{label}: {string.Join("; ", result.Errors)}");
            model.Reversed.Add(target.Id);
            model.Apply(result.Journal);
        }
        else
        {
            Assert.True(result.Errors.Any(e => e.Code == expected), $"{label}: expected {expected}, got {result.Outcome} {string.Join("; ", result.Errors)}");
        }
    }

    private static void Close(TestBooks books, Model model, string label)
    {
        var next = model.ClosedThrough?.PlusDays(1) ?? TestBooks.BooksStart;
        if (next.Month > 6 && next.Year == 2026)
        {
            return;
        }

        var result = books.Engine.ClosePeriodAsync(TestBooks.Ledger, new YearMonth(next.Year, next.Month)).GetAwaiter().GetResult();
        Assert.True(result.Closed, label);
        model.ClosedThrough = next.PlusMonths(1).PlusDays(-1);
    }

    private sealed class Model
    {
        private readonly Dictionary<(EntityId, AccountCode, string), long> _balances = [];

        internal List<Journal> Journals { get; } = [];

        internal HashSet<JournalId> Reversed { get; } = [];

        internal Dictionary<string, JournalDraft> Keys { get; } = [];

        internal LocalDate? ClosedThrough { get; set; }

        internal void Apply(Journal journal)
        {
            Journals.Add(journal);
            foreach (var line in journal.Lines)
            {
                var key = (line.Entity, line.Account, line.Amount.Currency.Code);
                _balances[key] = _balances.GetValueOrDefault(key) + line.SignedMinorUnits;
            }
        }

        internal void AssertSameBalances(TestBooks books, string label)
        {
            var actual = books.Balances().ToDictionary(b => (b.Entity, b.Account, b.Unit.Code), b => b.DebitMinorUnits - b.CreditMinorUnits);
            var expected = _balances.Where(p => actual.ContainsKey(p.Key) || p.Value != 0).ToDictionary(p => p.Key, p => p.Value);
            Assert.True(expected.Count == actual.Count && expected.All(p => actual.GetValueOrDefault(p.Key) == p.Value), $"{label}: balances differ from the model");
        }
    }
}
