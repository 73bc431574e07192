using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="CreateSaleRequest"/>.</summary>
public sealed class CreateSaleValidator : AbstractValidator<CreateSaleRequest>
{
    /// <summary>The rules.</summary>
    public CreateSaleValidator()
    {
        RuleFor(x => x.Provider).Slug();
        RuleFor(x => x.PackageId).Slug();
        RuleFor(x => x.Tier).IsNamedMember();
        RuleFor(x => x.Quantity).InclusiveBetween(1, 10_000);
        RuleFor(x => x.UnitPrice).PositiveCny();
        RuleFor(x => x.Channel).IsNamedMember();
        RuleFor(x => x.ResidentReference).Text(64);
        RuleFor(x => x.PaymentReference!).Length(1, 64).Matches("^[!-~]+$").WithMessage("'paymentReference' is 1–64 printable ASCII characters without spaces.")
            .When(x => x.PaymentReference is not null).OverridePropertyName("paymentReference");
        RuleFor(x => x.Vat!.Value).Must(v => v.HasCurrency && v.Currency == Currency.CNY && !v.IsNegative)
            .WithMessage("'vat' must be a CNY amount of zero or more.").When(x => x.Vat is not null).OverridePropertyName("vat");
        RuleFor(x => x.VatOverrideReason!).Text(200).When(x => x.VatOverrideReason is not null).OverridePropertyName("vatOverrideReason");
        RuleFor(x => x.VatOverrideReason).Null().When(x => x.Vat is null).WithMessage("'vatOverrideReason' goes with the 'vat' it explains.");
    }
}

/// <summary>Validates <see cref="CreateDeliveryRequest"/>.</summary>
public sealed class CreateDeliveryValidator : AbstractValidator<CreateDeliveryRequest>
{
    /// <summary>The rules.</summary>
    public CreateDeliveryValidator()
    {
        RuleFor(x => x.Sessions).InclusiveBetween(1, 100_000);
        RuleFor(x => x.Beneficiaries).InclusiveBetween(0, 1_000_000);
        RuleFor(x => x).Must(x => x.Sale is not null ^ (x.Provider is not null && x.PackageId is not null))
            .WithMessage("Give either 'sale' (a prepaid sale) or 'provider' and 'packageId' (a free public-welfare delivery).").OverridePropertyName("sale");
        RuleFor(x => x.Provider!).Slug().When(x => x.Provider is not null);
        RuleFor(x => x.PackageId!).Slug().When(x => x.PackageId is not null);
    }
}

/// <summary>Validates <see cref="CreateRefundRequest"/>.</summary>
public sealed class CreateRefundValidator : AbstractValidator<CreateRefundRequest>
{
    /// <summary>The rules.</summary>
    public CreateRefundValidator()
    {
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Reason).Text(500);
        RuleFor(x => x.Channel!.Value).IsNamedMember().When(x => x.Channel is not null).OverridePropertyName("channel");
    }
}
