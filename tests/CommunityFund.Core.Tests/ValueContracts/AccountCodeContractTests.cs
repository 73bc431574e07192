using CommunityFund.Ledger;

namespace CommunityFund.Tests.ValueContracts;

/// <summary><see cref="AccountCode"/> and <see cref="Dimensions"/> keep the value contract.</summary>
public class AccountCodeContractTests
{
    [Theory]
    [InlineData("1002", "1002.01")]          // a parent right before its sub-accounts
    [InlineData("1002.01", "1002.02")]
    [InlineData("1002.99", "1009")]
    [InlineData("2209.01", "2209.01.01")]
    [InlineData("2209.01.99", "2209.02")]
    [InlineData("5101", "M100")]             // official codes before memo codes
    [InlineData("M400.01", "M400.09")]
    public void AccountCode_IsEquatableAndOrdinallyOrdered(string code, string greater)
    {
        Assert.True(AccountCode.TryParse(new string(code.AsSpan()), out var parsed));
        ValueContract.AssertEqualityAndOrdering(AccountCode.Parse(code), parsed, AccountCode.Parse(greater));
    }

    [Fact]
    public void AccountCode_BuiltFromItsParent_EqualsTheParsedCode() =>
        ValueContract.AssertEqualityAndOrdering(AccountCode.Parse("2209").Child(1), AccountCode.Parse("2209.01"), AccountCode.Parse("2209").Child(2));

    [Fact]
    public void AccountCode_ParentAndRoot_EqualTheParsedCodes()
    {
        var code = AccountCode.Parse("5101.03.01");
        ValueContract.AssertEqualityAndOrdering(code.Parent!.Value, AccountCode.Parse("5101.03"), code);
        ValueContract.AssertEqualityAndOrdering(code.Root, AccountCode.Parse("5101"), code);
    }

    [Fact]
    public void AccountCode_Default_SortsFirst() =>
        ValueContract.AssertEqualityAndOrdering(default(AccountCode), new AccountCode(), AccountCode.Parse("1001"));

    [Fact]
    public void Dimensions_AreEquatableWhateverTheOrderTheyWereAddedIn()
    {
        var dimensions = Dimensions.Empty.With(DimensionNames.Programme, "elder-meals").With(DimensionNames.Tier, "paid");
        var sameInAnotherOrder = Dimensions.From(
        [
            new KeyValuePair<string, string>(DimensionNames.Tier, "paid"),
            new KeyValuePair<string, string>(DimensionNames.Programme, "elder-meals"),
        ]);
        ValueContract.AssertEquality(dimensions, sameInAnotherOrder, dimensions.With(DimensionNames.Tier, "low-cost"));
        ValueContract.AssertEquality(dimensions, sameInAnotherOrder, Dimensions.Empty.With(DimensionNames.Programme, "elder-meals"));
        ValueContract.AssertEquality(Dimensions.Empty, Dimensions.From([]), dimensions);
    }
}
