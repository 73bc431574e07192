using FluentValidation;
using NodaTime.Text;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="BankMappingDto"/>.</summary>
public sealed class BankMappingValidator : AbstractValidator<BankMappingDto>
{
    /// <summary>The rules.</summary>
    public BankMappingValidator()
    {
        RuleFor(x => x.Date).Text(100);
        RuleFor(x => x.SignedAmount).NotEmpty().When(x => x.AmountIn is null && x.AmountOut is null)
            .WithMessage("Name the amount columns: 'amountIn' and 'amountOut', or one 'signedAmount'.");
        RuleFor(x => x.SignedAmount).Null().When(x => x.AmountIn is not null || x.AmountOut is not null)
            .WithMessage("Either 'amountIn' and 'amountOut', or 'signedAmount' — not both.");
        RuleFor(x => x.AmountOut).NotEmpty().When(x => x.AmountIn is not null).WithMessage("'amountIn' goes with 'amountOut'.");
        RuleFor(x => x.AmountIn).NotEmpty().When(x => x.AmountOut is not null).WithMessage("'amountOut' goes with 'amountIn'.");
        RuleFor(x => x.DateFormat).NotEmpty().Must(f => f is not null && IsPattern(() => LocalDatePattern.CreateWithInvariantCulture(f))).WithMessage("'dateFormat' is a date pattern such as yyyy-MM-dd or yyyyMMdd.");
        RuleFor(x => x.TimeFormat).NotEmpty().Must(f => f is not null && IsPattern(() => LocalTimePattern.CreateWithInvariantCulture(f))).WithMessage("'timeFormat' is a time pattern such as HH:mm:ss.");
        RuleFor(x => x.Encoding).IsNamedMember();
        RuleFor(x => x.SkipLines).InclusiveBetween(0, 50);
    }

    private static bool IsPattern(Action create)
    {
        try
        {
            create();
            return true;
        }
        catch (InvalidPatternException)
        {
            return false;
        }
    }
}
