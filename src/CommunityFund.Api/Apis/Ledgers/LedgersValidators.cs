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
