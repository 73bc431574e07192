using CommunityFund.Api.Webhooks;
using CommunityFund.Utility;
using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="CreateWebhookRequest"/> (whether the URL is this server is decided by the endpoint,
/// which knows the request).</summary>
public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookRequest>
{
    /// <summary>The rules.</summary>
    public CreateWebhookValidator()
    {
        RuleFor(x => x.Url).NotEmpty().MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.UserInfo))
            .WithMessage("'url' must be an absolute http or https URL without credentials.");
        RuleFor(x => x.Secret).NotEmpty().Length(32, 256).WithMessage("'secret' must be 32 to 256 characters.")
            .Must(s => s is null || !ControlCharacters.In(s)).WithMessage("'secret' must not contain control characters.");
        RuleForEach(x => x.EventTypes).Must(EventTypes.IsKnown).WithMessage(t => $"Unknown event type; the types are: {string.Join(", ", EventTypes.All)}.");
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).When(x => x.After is not null);
    }
}
