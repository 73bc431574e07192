using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Tests.Posting;

/// <summary>Single changes an attacker (or a bug) could make to a stored chain, and where the verifier must see them.</summary>
internal static class Tamper
{
    internal static (List<Journal> Chain, long FirstBad, string Description) Apply(List<Journal> chain, Random random)
    {
        var copy = chain.ToList();
        var i = random.Next(copy.Count);
        var j = copy[i];
        var sequence = j.Sequence;
        switch (random.Next(10))
        {
            case 0:
                var line = j.Lines[0];
                copy[i] = Rebuild(j, lines: j.Lines.SetItem(0, line with { Amount = line.Amount.Plus(Money.FromMinorUnits(1, line.Amount.Currency)) }));
                return (copy, sequence, "an amount changed");
            case 1:
                copy[i] = Rebuild(j, memo: j.Memo + "!");
                return (copy, sequence, "the memo changed");
            case 2:
                copy[i] = Rebuild(j, date: j.AccountingDate.PlusDays(1));
                return (copy, sequence, "the date changed");
            case 3:
                copy[i] = Rebuild(j, lines: j.Lines.RemoveAt(j.Lines.Length - 1));
                return (copy, sequence, "a line deleted");
            case 4:
                copy[i] = Rebuild(j, lines: j.Lines.SetItem(0, j.Lines[0] with { Account = AccountCode.Parse(j.Lines[0].Account.Value == "5201" ? "5101.01" : "5201") }));
                return (copy, sequence, "an account changed");
            case 5:
                copy.RemoveAt(i);
                return (copy, sequence, "a journal deleted");
            case 6:
                if (copy.Count < 2)
                {
                    goto case 1;
                }

                var k = i == copy.Count - 1 ? i - 1 : i;
                (copy[k], copy[k + 1]) = (copy[k + 1], copy[k]);
                return (copy, copy[k + 1].Sequence, "two journals swapped");
            case 7:
                copy.Insert(i, Rebuild(j, memo: "inserted"));
                return (copy, sequence, "a journal inserted");
            case 8 when !j.Metadata.IsEmpty:
                copy[i] = Rebuild(j) with { Metadata = j.Metadata.SetItem(j.Metadata.Keys.First(), "tampered") };
                return (copy, sequence, "metadata changed");
            default:
                copy[i] = Rebuild(j, lines: [.. j.Lines.Select(l => l with { Side = l.Side == Side.Debit ? Side.Credit : Side.Debit })]);
                return (copy, sequence, "the sides flipped");
        }
    }

    /// <summary>A copy with changed content but the stored hashes kept, as a change made directly in the database would be.</summary>
    private static Journal Rebuild(Journal j, string? memo = null, NodaTime.LocalDate? date = null, System.Collections.Immutable.ImmutableArray<JournalLine>? lines = null) =>
        new(j.Id, j.Ledger, j.Sequence, date ?? j.AccountingDate, j.RecordedAt, j.Kind, memo ?? j.Memo, lines ?? j.Lines, j.PreviousHash, j.Hash)
        {
            SourceReference = j.SourceReference,
            IdempotencyKey = j.IdempotencyKey,
            RequestHash = j.RequestHash,
            ReversalOf = j.ReversalOf,
            Metadata = j.Metadata,
        };
}
