using CommunityFund.Ledger;
using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="EntityRequest"/>.</summary>
public sealed class EntityValidator : AbstractValidator<EntityRequest>
{
    /// <summary>The rules.</summary>
    public EntityValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Name).Text(200);
        RuleFor(x => x.Kind).IsNamedMember();
        RuleFor(x => x.Profile).IsNamedMember();
        RuleFor(x => x.Vat).Null().When(x => x.Profile != AccountingProfile.SmeCn)
            .WithMessage("'vat' is a company-form (smeCn) entity's VAT status; NPO_CN and memo-only entities have none.");
        RuleFor(x => x.Vat!).SetValidator(new VatStatusValidator()).When(x => x.Vat is not null);
        RuleFor(x => x.IncomeTaxRateBasisPoints).Null().When(x => x.Profile != AccountingProfile.SmeCn)
            .WithMessage("'incomeTaxRateBasisPoints' is a company-form (smeCn) entity's income-tax rate; NPO_CN and memo-only entities have none.");
        RuleFor(x => x.IncomeTaxRateBasisPoints).InclusiveBetween(0, AccountingEntity.MaxIncomeTaxRateBasisPoints).When(x => x.IncomeTaxRateBasisPoints is not null);
    }
}

/// <summary>Validates <see cref="VatStatusRequest"/>.</summary>
public sealed class VatStatusValidator : AbstractValidator<VatStatusRequest>
{
    /// <summary>The rules.</summary>
    public VatStatusValidator()
    {
        RuleFor(x => x.Kind).IsNamedMember();
        RuleFor(x => x.RateBasisPoints).InclusiveBetween(0, 2_000).When(x => x.RateBasisPoints is not null);
        RuleFor(x => x.MonthlyExemptionThreshold!.Value).Must(v => v.HasCurrency && v.Currency == Currency.CNY && !v.IsNegative)
            .WithMessage("'monthlyExemptionThreshold' must be a CNY amount of zero or more.").When(x => x.MonthlyExemptionThreshold is not null)
            .OverridePropertyName("monthlyExemptionThreshold");
        RuleFor(x => x.MonthlyExemptionThreshold).Null().When(x => x.Kind == TaxpayerKind.General)
            .WithMessage("A general taxpayer has no monthly exemption threshold.");
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

/// <summary>Validates <see cref="OpenLedgerRequest"/>.</summary>
public sealed class OpenLedgerValidator : AbstractValidator<OpenLedgerRequest>
{
    /// <summary>The rules.</summary>
    public OpenLedgerValidator()
    {
        RuleFor(x => x.Id).Slug().NotEqual(Security.ApiKeys.OperatorLedger.Value).WithMessage("'operator' is reserved for the operator's keys.");
        RuleFor(x => x.Id).NotEqual(EntityFrameworkCore.ShardedLedgerStore.DirectoryLedger.Value).WithMessage("'directory' is reserved for the ledger directory of sharded books.");
        RuleFor(x => x.Shard!).Slug().When(x => x.Shard is not null);
        RuleFor(x => x.Name).Text(200);
        RuleFor(x => x.TimeZone).Must(z => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(z!) is not null)
            .When(x => x.TimeZone is not null).WithMessage("'timeZone' is an IANA time zone such as Asia/Shanghai.");
        RuleFor(x => x.Entities).NotEmpty().WithMessage("A ledger has entities: at least the hub and the community fund.");
        RuleForEach(x => x.Entities).SetValidator(new EntityValidator());
        RuleFor(x => x.Entities).Must(e => e.Select(x => x.Id).Distinct(StringComparer.Ordinal).Count() == e.Count)
            .When(x => x.Entities is not null).WithMessage("Entity ids are unique.");
        RuleFor(x => x.Entities).Must(e => e.Count(x => x.Kind == EntityKind.Hub) == 1 && e.Count(x => x.Kind == EntityKind.CommunityFund) == 1)
            .When(x => x.Policy is null && x.Entities is not null)
            .WithMessage("The default 70/25/5 policy needs exactly one hub and one community fund; name them in 'policy' otherwise.");
        RuleFor(x => x.Policy!).SetValidator(new PolicyValidator()).When(x => x.Policy is not null);
        RuleFor(x => x.AdministratorName).Text(100);
    }
}
