using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="CreateKeyRequest"/>.</summary>
public sealed class CreateKeyValidator : AbstractValidator<CreateKeyRequest>
{
    /// <summary>The rules.</summary>
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).Text(100);
        RuleFor(x => x.Role).IsNamedMember().NotEqual(Security.ApiRole.Operator).WithMessage("Operator keys are created on the server's command line (keys create-operator), never by a ledger's administrator.");
        RuleFor(x => x.Entity).NotEmpty().When(x => x.Role == Security.ApiRole.Provider).WithMessage("A provider key names its entity.");
        RuleFor(x => x.Entity).Empty().When(x => x.Role != Security.ApiRole.Provider).WithMessage("Only provider keys name an entity.");
    }
}
