using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="DonationRequest"/>.</summary>
public sealed class DonationValidator : AbstractValidator<DonationRequest>
{
    /// <summary>The rules.</summary>
    public DonationValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Donor).Text(128);
        RuleFor(x => x.Channel).IsNamedMember();
        RuleFor(x => x.Restriction!).Text(128).When(x => x.Restriction is not null);
        RuleFor(x => x.InKind!).ChildRules(g =>
        {
            g.RuleFor(x => x.Description).Text(200);
            g.RuleFor(x => x.Basis).IsNamedMember();
            g.RuleFor(x => x.Evidence).Text(200);
        }).When(x => x.InKind is not null);
    }
}

/// <summary>Validates <see cref="SelfFinancingRequest"/>.</summary>
public sealed class SelfFinancingValidator : AbstractValidator<SelfFinancingRequest>
{
    /// <summary>The rules.</summary>
    public SelfFinancingValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Source).IsNamedMember();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Channel).IsNamedMember();
        RuleFor(x => x.GoodsCost!.Value).PositiveCny().When(x => x.GoodsCost is not null).OverridePropertyName("goodsCost");
        RuleFor(x => x.Memo!).Text(200).When(x => x.Memo is not null);
    }
}

/// <summary>Validates <see cref="GoodsGiveawayRequest"/>.</summary>
public sealed class GoodsGiveawayValidator : AbstractValidator<GoodsGiveawayRequest>
{
    /// <summary>The rules.</summary>
    public GoodsGiveawayValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Cost).PositiveCny();
        RuleFor(x => x.Purpose).Text(500);
        RuleFor(x => x.Programme!).Slug().When(x => x.Programme is not null);
    }
}

/// <summary>Validates <see cref="GrantRequest"/>.</summary>
public sealed class GrantValidator : AbstractValidator<GrantRequest>
{
    /// <summary>The rules.</summary>
    public GrantValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Project).Slug();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Purpose).Text(500);
        RuleFor(x => x.Restriction!).Text(128).When(x => x.Restriction is not null);
    }
}

/// <summary>Validates <see cref="AgencyGiftRequest"/>.</summary>
public sealed class AgencyGiftValidator : AbstractValidator<AgencyGiftRequest>
{
    /// <summary>The rules.</summary>
    public AgencyGiftValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Movement).IsNamedMember();
        RuleFor(x => x.Beneficiary).Text(128);
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Memo).Text(500);
    }
}
