using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Tests.ValueContracts;

/// <summary>The identifiers keep the value contract: equality by value, ordinal ordering, a harmless default.</summary>
public class IdentifierContractTests
{
    /// <summary>Pairs in ordinal order: a prefix first, '-' before digits before letters.</summary>
    public static TheoryData<string, string> OrdinalPairs => new()
    {
        { "a", "b" },
        { "hub", "hub-2" },
        { "a-b", "a0" },
        { "z9", "za" },
        { "elder-care", "fund" },
        { "yulin-community", "yulin-community-2" },
    };

    [Theory]
    [MemberData(nameof(OrdinalPairs))]
    public void LedgerId_IsEquatableAndOrdinallyOrdered(string slug, string greater)
    {
        Assert.True(LedgerId.TryFrom(Copy(slug), out var parsed));
        ValueContract.AssertEqualityAndOrdering(LedgerId.From(slug), parsed, LedgerId.From(greater));
    }

    [Theory]
    [MemberData(nameof(OrdinalPairs))]
    public void EntityId_IsEquatableAndOrdinallyOrdered(string slug, string greater)
    {
        Assert.True(EntityId.TryFrom(Copy(slug), out var parsed));
        ValueContract.AssertEqualityAndOrdering(EntityId.From(slug), parsed, EntityId.From(greater));
    }

    [Fact]
    public void LedgerIdAndEntityId_Defaults_SortFirst()
    {
        ValueContract.AssertEqualityAndOrdering(default(LedgerId), new LedgerId(), LedgerId.From("a"));
        ValueContract.AssertEqualityAndOrdering(default(EntityId), new EntityId(), EntityId.From("a"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001")]
    [InlineData("0190a000-0000-7000-8000-000000000001", "0190a000-0000-7000-8000-000000000002")]
    [InlineData("0190a000-0000-7000-8000-ffffffffffff", "0190a001-0000-7000-8000-000000000000")]
    [InlineData("7fffffff-ffff-7fff-bfff-ffffffffffff", "80000000-0000-7000-8000-000000000000")]
    public void JournalId_IsEquatableAndOrdered(string guid, string greater) =>
        ValueContract.AssertEqualityAndOrdering(new JournalId(Guid.Parse(guid)), new JournalId(new Guid(guid)), new JournalId(Guid.Parse(greater)));

    [Fact]
    public void JournalId_NewIds_SortByTheirInstant()
    {
        var earlier = JournalId.NewId(Instant.FromUtc(2026, 3, 2, 1, 0));
        var later = JournalId.NewId(Instant.FromUtc(2026, 3, 2, 1, 0, 1));
        ValueContract.AssertEqualityAndOrdering(earlier, new JournalId(Guid.Parse(earlier.ToString())), later);
    }

    [Fact]
    public void SaleId_IsEquatable()
    {
        var guid = Guid.Parse("0190a000-0000-7000-8000-000000000001");
        ValueContract.AssertEquality(new SaleId(guid), new SaleId(Guid.Parse(guid.ToString())), new SaleId(Guid.Parse("0190a000-0000-7000-8000-000000000002")));
        ValueContract.AssertEquality(default(SaleId), new SaleId(Guid.Empty), new SaleId(guid));
    }

    /// <summary>The same text in a new string instance, so that equality is shown to be by value.</summary>
    private static string Copy(string text) => new(text.AsSpan());
}
