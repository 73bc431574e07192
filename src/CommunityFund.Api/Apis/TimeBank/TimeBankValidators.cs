using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="MemoTransferRequest"/>.</summary>
public sealed class MemoTransferValidator : AbstractValidator<MemoTransferRequest>
{
    /// <summary>The rules.</summary>
    public MemoTransferValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Amount).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.HOUR || m.Currency == Currency.POINT))
            .WithMessage("'amount' is a positive HOUR or POINT amount.");
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.From!).Text(128).When(x => x.From is not null);
        RuleFor(x => x.To!).Text(128).When(x => x.To is not null);
    }
}
