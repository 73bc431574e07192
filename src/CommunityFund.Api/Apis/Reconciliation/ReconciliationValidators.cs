using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="PaymentMatchApiRequest"/>.</summary>
public sealed class PaymentMatchApiValidator : AbstractValidator<PaymentMatchApiRequest>
{
    /// <summary>The rules.</summary>
    public PaymentMatchApiValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Channel).IsNamedMember().Must(c => c is PaymentChannel.WeChatPay or PaymentChannel.Alipay or PaymentChannel.Bank).WithMessage("'channel' is weChatPay, alipay or bank.");
        RuleFor(x => x.ToleranceMinutes!.Value).InclusiveBetween(0, 43_200).When(x => x.ToleranceMinutes is not null).OverridePropertyName("toleranceMinutes");
        RuleFor(x => x.SettlementWindowDays!.Value).InclusiveBetween(0, 31).When(x => x.SettlementWindowDays is not null).OverridePropertyName("settlementWindowDays");
        RuleFor(x => x.MaxSettlementDays!.Value).InclusiveBetween(1, 31).When(x => x.MaxSettlementDays is not null).OverridePropertyName("maxSettlementDays");
    }
}

/// <summary>Validates <see cref="ManualMatchApiRequest"/>.</summary>
public sealed class ManualMatchApiValidator : AbstractValidator<ManualMatchApiRequest>
{
    /// <summary>The rules.</summary>
    public ManualMatchApiValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Channel).IsNamedMember();
        RuleFor(x => x.Rows).NotEmpty().Must(r => r is null || r.Count <= 1_000).WithMessage("'rows' names 1–1,000 statement rows.");
        RuleForEach(x => x.Rows).Text(200);
        RuleFor(x => x.Sales).NotEmpty().Must(s => s is null || s.Count <= 1_000).WithMessage("'sales' names 1–1,000 sales or refunds.");
        RuleForEach(x => x.Sales).Text(200);
        RuleFor(x => x.Reason).Text(500);
    }
}

/// <summary>Validates <see cref="UnmatchApiRequest"/>.</summary>
public sealed class UnmatchApiValidator : AbstractValidator<UnmatchApiRequest>
{
    /// <summary>The rules.</summary>
    public UnmatchApiValidator() => RuleFor(x => x.Reason).Text(500);
}
