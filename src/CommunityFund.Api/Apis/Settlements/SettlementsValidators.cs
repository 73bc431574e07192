using FluentValidation;

namespace CommunityFund.Api.Apis;

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
        RuleFor(x => x.Channel).Must(c => c is PaymentChannel.WeChatPay or PaymentChannel.Alipay).WithMessage("'channel' is weChatPay or alipay: only money in transit clears.");
        RuleFor(x => x.Date).NotEqual(default(NodaTime.LocalDate)).WithMessage("'date' is required.");
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Fee!.Value).Must(f => f.HasCurrency && f.Currency == Currency.CNY && !f.IsNegative).WithMessage("'fee' is an amount in CNY, zero or more.")
            .When(x => x.Fee is not null).OverridePropertyName("fee");
    }
}
