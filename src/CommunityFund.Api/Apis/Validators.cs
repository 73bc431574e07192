using CommunityFund.Ledger;
using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Shared rules for the request validators.</summary>
internal static class Rules
{
    internal static IRuleBuilderOptions<T, string> Slug<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(s => EntityId.TryFrom(s, out _)).WithMessage("'{PropertyName}' must be 1–64 lower-case letters, digits and inner hyphens.");

    internal static IRuleBuilderOptions<T, Money> PositiveCny<T>(this IRuleBuilder<T, Money> rule) =>
        rule.Must(m => m.HasCurrency && m.Currency == Currency.CNY && m.IsPositive).WithMessage("'{PropertyName}' must be a positive CNY amount.");

    internal static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int max) =>
        rule.NotEmpty().MaximumLength(max).Must(s => s is null || !s.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");
}

/// <summary>Validates <see cref="CreateSaleRequest"/>.</summary>
public sealed class CreateSaleValidator : AbstractValidator<CreateSaleRequest>
{
    /// <summary>The rules.</summary>
    public CreateSaleValidator()
    {
        RuleFor(x => x.Provider).Slug();
        RuleFor(x => x.PackageId).Slug();
        RuleFor(x => x.Tier).IsInEnum();
        RuleFor(x => x.Quantity).InclusiveBetween(1, 10_000);
        RuleFor(x => x.UnitPrice).PositiveCny();
        RuleFor(x => x.Channel).IsInEnum();
        RuleFor(x => x.ResidentReference).Text(64);
        RuleFor(x => x.Vat!.Value).Must(v => v.HasCurrency && v.Currency == Currency.CNY && !v.IsNegative)
            .WithMessage("'vat' must be a CNY amount of zero or more.").When(x => x.Vat is not null).OverridePropertyName("vat");
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
        RuleFor(x => x.Channel!.Value).IsInEnum().When(x => x.Channel is not null).OverridePropertyName("channel");
    }
}

/// <summary>Validates <see cref="PrepareStatementRequest"/>.</summary>
public sealed class PrepareStatementValidator : AbstractValidator<PrepareStatementRequest>
{
    /// <summary>The rules.</summary>
    public PrepareStatementValidator()
    {
        RuleFor(x => x.Provider).Slug();
        RuleFor(x => x.Counterparty).Slug();
        RuleFor(x => x.Period).NotEmpty().Matches("^[0-9]{4}-(0[1-9]|1[0-2])$").WithMessage("'period' is a month such as 2026-03.");
    }
}

/// <summary>Validates <see cref="InvoiceRequest"/>.</summary>
public sealed class InvoiceValidator : AbstractValidator<InvoiceRequest>
{
    /// <summary>The rules.</summary>
    public InvoiceValidator() => RuleFor(x => x.Reference).Text(100);
}

/// <summary>Validates <see cref="SettleRequest"/>.</summary>
public sealed class SettleValidator : AbstractValidator<SettleRequest>
{
    /// <summary>The rules.</summary>
    public SettleValidator() => RuleFor(x => x.Date).NotEqual(default(NodaTime.LocalDate)).WithMessage("'date' is required.");
}

/// <summary>Validates <see cref="RepaymentRequest"/>.</summary>
public sealed class RepaymentValidator : AbstractValidator<RepaymentRequest>
{
    /// <summary>The rules.</summary>
    public RepaymentValidator()
    {
        RuleFor(x => x.Provider).Slug();
        RuleFor(x => x.Counterparty).Slug();
        RuleFor(x => x.Date).NotEqual(default(NodaTime.LocalDate)).WithMessage("'date' is required.");
    }
}

/// <summary>Validates <see cref="ClearingApiRequest"/>.</summary>
public sealed class ClearingValidator : AbstractValidator<ClearingApiRequest>
{
    /// <summary>The rules.</summary>
    public ClearingValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Channel).Must(c => c is Economy.PaymentChannel.WeChatPay or Economy.PaymentChannel.Alipay).WithMessage("'channel' is weChatPay or alipay: only money in transit clears.");
        RuleFor(x => x.Date).NotEqual(default(NodaTime.LocalDate)).WithMessage("'date' is required.");
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Fee!.Value).Must(f => f.HasCurrency && f.Currency == Currency.CNY && !f.IsNegative).WithMessage("'fee' is an amount in CNY, zero or more.")
            .When(x => x.Fee is not null).OverridePropertyName("fee");
    }
}

/// <summary>Validates <see cref="ManualJournalRequest"/>.</summary>
public sealed class ManualJournalValidator : AbstractValidator<ManualJournalRequest>
{
    /// <summary>The rules.</summary>
    public ManualJournalValidator()
    {
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.Lines).NotNull().Must(l => l is { Count: >= 2 and <= 1_000 }).WithMessage("A journal has 2 to 1,000 lines.");
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Entity).Slug();
            line.RuleFor(l => l.Account).NotEmpty().Must(a => AccountCode.TryParse(a, out _)).WithMessage("'account' is an account code such as 1002.01.");
            line.RuleFor(l => l.Side).NotEmpty().Must(s => s is "debit" or "credit").WithMessage("'side' is 'debit' or 'credit'.");
            line.RuleFor(l => l.Amount).Must(m => m.HasCurrency && m.IsPositive).WithMessage("'amount' must be positive.");
        });
        RuleFor(x => x.SourceReference!).Text(200).When(x => x.SourceReference is not null);
    }
}

/// <summary>Validates <see cref="ReverseRequest"/>.</summary>
public sealed class ReverseValidator : AbstractValidator<ReverseRequest>
{
    /// <summary>The rules.</summary>
    public ReverseValidator() => RuleFor(x => x.Reason).Text(500);
}

/// <summary>Validates <see cref="PackageRequest"/>.</summary>
public sealed class PackageValidator : AbstractValidator<PackageRequest>
{
    /// <summary>The rules.</summary>
    public PackageValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Provider).Slug();
        RuleFor(x => x.NameZh).Text(200);
        RuleFor(x => x.NameEn).Text(200);
        RuleFor(x => x.Sessions).InclusiveBetween(1, 10_000);
        RuleFor(x => x.Tiers).NotNull().Must(t => t is { Count: > 0 }).WithMessage("At least one tier is required.");
        RuleFor(x => x.Tiers).Must(t => t is null || t.Values.All(v => v is not null)).WithMessage("Every tier gives its price.");
    }
}

/// <summary>Validates <see cref="PolicyRequest"/>.</summary>
public sealed class PolicyValidator : AbstractValidator<PolicyRequest>
{
    /// <summary>The rules.</summary>
    public PolicyValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1);
        RuleFor(x => x.Hub).Slug();
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Shares).NotNull().Must(s => s is { Count: >= 2 and <= 3 }).WithMessage("A policy has 2 or 3 shares.");
    }
}

/// <summary>Validates <see cref="EntityRequest"/>.</summary>
public sealed class EntityValidator : AbstractValidator<EntityRequest>
{
    /// <summary>The rules.</summary>
    public EntityValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Name).Text(200);
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Profile).IsInEnum();
    }
}

/// <summary>Validates <see cref="SubAccountRequest"/>.</summary>
public sealed class SubAccountValidator : AbstractValidator<SubAccountRequest>
{
    /// <summary>The rules.</summary>
    public SubAccountValidator()
    {
        RuleFor(x => x.Parent).NotEmpty().Must(a => AccountCode.TryParse(a, out _)).WithMessage("'parent' is an account code such as 5201.");
        RuleFor(x => x.Suffix).InclusiveBetween(1, 99);
        RuleFor(x => x.NameZh).Text(200);
        RuleFor(x => x.NameEn).Text(200);
    }
}

/// <summary>Validates <see cref="CreateKeyRequest"/>.</summary>
public sealed class CreateKeyValidator : AbstractValidator<CreateKeyRequest>
{
    /// <summary>The rules.</summary>
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).Text(100);
        RuleFor(x => x.Role).IsInEnum();
        RuleFor(x => x.Entity).NotEmpty().When(x => x.Role == Security.ApiRole.Provider).WithMessage("A provider key names its entity.");
        RuleFor(x => x.Entity).Empty().When(x => x.Role != Security.ApiRole.Provider).WithMessage("Only provider keys name an entity.");
    }
}
