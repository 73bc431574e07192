using CommunityFund.Ledger;
using Snapshooter.Xunit;

namespace CommunityFund.Tests.Ledger;

public class ChartTemplatesTests
{
    [Fact]
    public void NpoCn_CarriesAll48FirstLevelAccountsOfThe2004System() =>
        Assert.Equal(48, ChartTemplates.NpoCn.Accounts.Count(a => a.Code.Parent is null && !a.IsMemo));

    [Fact]
    public void NpoCn_ContraAssets_AreCreditNormal()
    {
        foreach (var code in new[] { "1102", "1131", "1202", "1421", "1502" })
        {
            var account = ChartTemplates.NpoCn.Get(AccountCode.Parse(code));
            Assert.Equal((AccountType.Asset, Side.Credit), (account.Type, account.NormalSide));
        }
    }

    [Fact]
    public void NpoCn_RestrictedRevenue_RequiresItsRestriction() =>
        Assert.Contains(DimensionNames.Restriction, ChartTemplates.NpoCn.Get(AccountCode.Parse("4101.02")).RequiredDimensions);

    [Fact]
    public void NpoCn_ParentWithSubAccounts_IsNotALeaf()
    {
        Assert.False(ChartTemplates.NpoCn.IsLeaf(AccountCode.Parse("2209")));
        Assert.True(ChartTemplates.NpoCn.IsLeaf(AccountCode.Parse("2209.01")));
    }

    [Fact]
    public void MemoAccounts_KeepTheirOwnUnits()
    {
        Assert.Equal(Currency.HOUR, ChartTemplates.SmeCn.Get(AccountCode.Parse("M110")).Unit);
        Assert.Equal(Currency.POINT, ChartTemplates.SmeCn.Get(AccountCode.Parse("M210")).Unit);
    }

    [Fact]
    public void WithSubAccount_InheritsTypeSideAndUnit()
    {
        var chart = ChartTemplates.NpoCn.WithSubAccount(AccountCode.Parse("5201"), 1, "办公费", "Office expenses");

        var account = chart.Get(AccountCode.Parse("5201.01"));
        Assert.Equal((AccountType.Expense, Side.Debit, Currency.CNY), (account.Type, account.NormalSide, account.Unit));
        Assert.False(chart.IsLeaf(AccountCode.Parse("5201")));
    }

    [Fact]
    public void WithSubAccount_ExistingCode_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ChartTemplates.NpoCn.WithSubAccount(AccountCode.Parse("2209"), 1, "x", "x"));

    [Theory]
    [InlineData("1002")]
    [InlineData("2209.01")]
    [InlineData("5101.03.01")]
    [InlineData("M400")]
    public void AccountCode_ValidForms_Parse(string code) => Assert.Equal(code, AccountCode.Parse(code).Value);

    [Theory]
    [InlineData("100")]
    [InlineData("10021")]
    [InlineData("2209.1")]
    [InlineData("2209.")]
    [InlineData("X100")]
    [InlineData("")]
    public void AccountCode_OtherForms_AreRefused(string code) => Assert.False(AccountCode.TryParse(code, out _));

    [Fact]
    public void NpoCn_Template_MatchesSnapshot() => Snapshot.Match(Describe(ChartTemplates.NpoCn));

    [Fact]
    public void SmeCn_Template_MatchesSnapshot() => Snapshot.Match(Describe(ChartTemplates.SmeCn));

    private static string[] Describe(ChartOfAccounts chart) =>
        [.. chart.Accounts.Select(a => $"{a.Code} {a.NameZh} | {a.NameEn} | {a.Type} | {a.NormalSide} | {a.Unit.Code}{(a.RequiredDimensions.IsEmpty ? string.Empty : " | requires " + string.Join(",", a.RequiredDimensions))}")];
}
