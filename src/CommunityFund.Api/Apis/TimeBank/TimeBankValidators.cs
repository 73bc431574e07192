using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="MemoTransferRequest"/>.</summary>
public sealed class MemoTransferValidator : AbstractValidator<MemoTransferRequest>
{
    /// <summary>The rules.</summary>
    public MemoTransferValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Kind).IsNamedMember();
        RuleFor(x => x.Amount).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.HOUR || m.Currency == Currency.POINT))
            .WithMessage("'amount' is a positive HOUR or POINT amount.");
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.From!).Text(128).When(x => x.From is not null);
        RuleFor(x => x.To!).Text(128).When(x => x.To is not null);
    }
}

/// <summary>Validates <see cref="DonatedServiceRequest"/>.</summary>
public sealed class DonatedServiceValidator : AbstractValidator<DonatedServiceRequest>
{
    /// <summary>The rules.</summary>
    public DonatedServiceValidator()
    {
        RuleFor(x => x.Member).Text(128);
        RuleFor(x => x.Hours).Must(m => m.HasCurrency && m.IsPositive && m.Currency == Currency.HOUR).WithMessage("'hours' is a positive HOUR amount.");
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.Voucher!.Reference).Text(128).When(x => x.Voucher is not null);
        RuleFor(x => x.Voucher!.Amount).Must(m => m.HasCurrency && m.IsPositive && m.Currency == Currency.CNY)
            .WithMessage("'voucher.amount' is a positive CNY amount.").When(x => x.Voucher is not null);
    }
}
