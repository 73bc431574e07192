using CommunityFund.Api.Apis;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>The validators' enum rule (<c>IsNamedMember</c>): what FluentValidation's <c>IsInEnum</c> refused, with its
/// message. The wire's JSON never carries a number for an enum, so only a .NET caller can hand a validator one.</summary>
public class EnumRuleTests
{
    private static CreateSaleRequest Sale(PricingTier tier, PaymentChannel channel) =>
        new("elder-care", "elder-meals", tier, 1, Money.FromDecimal(100m, Currency.CNY), channel, new LocalDate(2026, 4, 2), "r-1");

    [Fact]
    public void ANamedMember_Passes() =>
        Assert.True(new CreateSaleValidator().Validate(Sale(PricingTier.Paid, PaymentChannel.Cash)).IsValid);

    [Fact]
    public void AValueNoMemberNames_IsRefusedOnItsField_WithIsInEnumsMessage()
    {
        var result = new CreateSaleValidator().Validate(Sale((PricingTier)99, PaymentChannel.Cash));
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(CreateSaleRequest.Tier), error.PropertyName);
        Assert.Equal("'Tier' has a range of values which does not include '99'.", error.ErrorMessage);
    }

    [Fact]
    public void EachField_IsCheckedOnItsOwn()
    {
        var result = new CreateSaleValidator().Validate(Sale((PricingTier)99, (PaymentChannel)(-1)));
        Assert.Equal([nameof(CreateSaleRequest.Tier), nameof(CreateSaleRequest.Channel)], result.Errors.Select(e => e.PropertyName));
    }
}
