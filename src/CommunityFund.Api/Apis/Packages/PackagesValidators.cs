using FluentValidation;

namespace CommunityFund.Api.Apis;

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
