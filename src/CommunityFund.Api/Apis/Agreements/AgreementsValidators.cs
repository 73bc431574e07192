using FluentValidation;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="AgreementRequest"/> (the shape; the terms' rules are Core's).</summary>
public sealed class AgreementRequestValidator : AbstractValidator<AgreementRequest>
{
    /// <summary>The rules.</summary>
    public AgreementRequestValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Kind).IsNamedMember();
        RuleFor(x => x.Grantor).Slug();
        RuleFor(x => x.Operator).Slug();
        RuleFor(x => x.Obligations).NotNull().Must(o => o is null || o.Count is >= 1 and <= 20).WithMessage("'obligations' lists 1 to 20 services.");
        RuleForEach(x => x.Obligations).NotNull().ChildRules(o =>
        {
            o.RuleFor(x => x.Service).Text(100);
            o.RuleFor(x => x.PerMonth).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.COUNT || m.Currency == Currency.HOUR))
                .WithMessage("'perMonth' is a positive COUNT (sessions) or HOUR amount.");
        }).When(x => x.Obligations is not null);
        RuleFor(x => x.Lease).NotNull().When(x => x.Kind == AgreementKind.NominalLease).WithMessage("A nominal lease gives its 'lease' terms.");
        RuleFor(x => x.Swap).NotNull().When(x => x.Kind == AgreementKind.ResourceSwap).WithMessage("A resource swap gives its 'swap' terms.");
        RuleFor(x => x.Lease!).ChildRules(l =>
        {
            l.RuleFor(x => x.Space).NotNull();
            l.RuleFor(x => x.Space.Name).Text(200).When(x => x.Space is not null);
            l.RuleFor(x => x.NominalRent).PositiveCny();
            l.RuleFor(x => x.Frequency).IsNamedMember();
            l.RuleFor(x => x.FairRent).NotNull().SetValidator(new FairValueValidator());
        }).When(x => x.Lease is not null);
        RuleFor(x => x.Swap!).ChildRules(s =>
        {
            s.RuleFor(x => x.Resources).Must(r => !r.IsDefaultOrEmpty && r.Length <= 20).WithMessage("'resources' lists 1 to 20 resources.");
            s.RuleForEach(x => x.Resources).NotNull().ChildRules(r =>
            {
                r.RuleFor(x => x.Kind).IsNamedMember();
                r.RuleFor(x => x.Description).Text(200);
                r.RuleFor(x => x.MonthlyValue).NotNull().SetValidator(new FairValueValidator());
            }).When(x => !x.Resources.IsDefault);
            s.RuleFor(x => x.MonthlyServiceValue).NotNull().SetValidator(new FairValueValidator());
        }).When(x => x.Swap is not null);
        RuleFor(x => x.EvaluationEveryMonths).InclusiveBetween(1, 60);
    }
}

/// <summary>Validates a <see cref="FairValueDto"/>.</summary>
public sealed class FairValueValidator : AbstractValidator<FairValueDto>
{
    /// <summary>The rules.</summary>
    public FairValueValidator()
    {
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Basis).Text(500);
        RuleFor(x => x.Evidence!).Text(200).When(x => x.Evidence is not null);
    }
}

/// <summary>Validates <see cref="EndAgreementRequest"/>.</summary>
public sealed class EndAgreementValidator : AbstractValidator<EndAgreementRequest>
{
    /// <summary>The rules.</summary>
    public EndAgreementValidator()
    {
        RuleFor(x => x.Ending).IsNamedMember();
        RuleFor(x => x.Reason!).Text(500).When(x => x.Reason is not null);
    }
}

/// <summary>Validates <see cref="PostDueRequest"/>.</summary>
public sealed class PostDueValidator : AbstractValidator<PostDueRequest>
{
    /// <summary>The rules.</summary>
    public PostDueValidator() => RuleFor(x => x.Through).NotEqual(default(LocalDate)).WithMessage("'through' is a date.");
}

/// <summary>Validates <see cref="AgreementDeliveryRequest"/>.</summary>
public sealed class AgreementDeliveryValidator : AbstractValidator<AgreementDeliveryRequest>
{
    /// <summary>The rules.</summary>
    public AgreementDeliveryValidator()
    {
        RuleFor(x => x.Service).Text(100);
        RuleFor(x => x.Quantity).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.COUNT || m.Currency == Currency.HOUR))
            .WithMessage("'quantity' is a positive COUNT (sessions) or HOUR amount.");
        RuleFor(x => x.Beneficiaries).InclusiveBetween(0, 1_000_000);
        RuleFor(x => x.Evidence).Text(200);
    }
}

/// <summary>Validates <see cref="RevenueShareRequest"/>.</summary>
public sealed class RevenueShareValidator : AbstractValidator<RevenueShareRequest>
{
    /// <summary>The rules.</summary>
    public RevenueShareValidator()
    {
        RuleFor(x => x.Revenue).Must(m => m.HasCurrency && m.Currency == Currency.CNY && !m.IsNegative).WithMessage("'revenue' is a CNY amount of zero or more.");
        RuleFor(x => x.DistributedRevenue!.Value).Must(m => m.HasCurrency && m.Currency == Currency.CNY && !m.IsNegative)
            .WithMessage("'distributedRevenue' is a CNY amount of zero or more.").OverridePropertyName("distributedRevenue").When(x => x.DistributedRevenue is not null);
        RuleFor(x => x.Fund).Slug();
    }
}

/// <summary>Validates <see cref="DonatedUseDto"/>.</summary>
public sealed class DonatedUseValidator : AbstractValidator<DonatedUseDto>
{
    /// <summary>The rules.</summary>
    public DonatedUseValidator() => RuleFor(x => x.Policy).IsNamedMember();
}
