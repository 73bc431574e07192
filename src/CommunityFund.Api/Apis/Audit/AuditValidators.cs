using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="AuditRequest"/>.</summary>
public sealed class AuditRequestValidator : AbstractValidator<AuditRequest>
{
    /// <summary>The rules.</summary>
    public AuditRequestValidator()
    {
        RuleFor(x => x).Must(x => (x.Checkpoints?.Count ?? 0) + (x.Signed?.Count ?? 0) <= 1_000).OverridePropertyName("checkpoints")
            .WithMessage("At most 1,000 checkpoints per audit.");
        RuleForEach(x => x.Checkpoints).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Sequence).GreaterThan(0);
            c.RuleFor(x => x.Hash).NotEmpty().Length(64).Matches("^[0-9a-f]{64}$");
        }).When(x => x.Checkpoints is not null);
        RuleForEach(x => x.Signed).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Sequence).GreaterThan(0);
            c.RuleFor(x => x.Hash).NotEmpty().Length(64).Matches("^[0-9a-f]{64}$");
            c.RuleFor(x => x.KeyId).MaximumLength(64);
            c.RuleFor(x => x.Signature).NotEmpty().MaximumLength(200);
        }).When(x => x.Signed is not null);
    }
}
