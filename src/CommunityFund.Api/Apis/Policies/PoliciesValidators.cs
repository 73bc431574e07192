using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="PolicyRequest"/>.</summary>
public sealed class PolicyValidator : AbstractValidator<PolicyRequest>
{
    /// <summary>The rules.</summary>
    public PolicyValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1);
        RuleFor(x => x.Hub).Slug();
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Shares).NotNull().Must(s => s is { Count: >= 2 and <= 3 }).WithMessage("A policy has 2 or 3 shares.");
    }
}
