using CommunityFund.Ledger;
using CommunityFund.Utility;
using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Shared rules for the request validators.</summary>
internal static class Rules
{
    internal static IRuleBuilderOptions<T, string> Slug<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(s => EntityId.TryFrom(s, out _)).WithMessage("'{PropertyName}' must be 1–64 lower-case letters, digits and inner hyphens.");

    internal static IRuleBuilderOptions<T, Money> PositiveCny<T>(this IRuleBuilder<T, Money> rule) =>
        rule.Must(m => m.HasCurrency && m.Currency == Currency.CNY && m.IsPositive).WithMessage("'{PropertyName}' must be a positive CNY amount.");

    internal static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int max) =>
        rule.NotEmpty().MaximumLength(max).Must(s => s is null || !ControlCharacters.In(s)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>The value is one of the enum's named members: FluentValidation's <c>IsInEnum</c> with its message, without
    /// the attribute lookup it makes on every call (seen in the API's profile under load).</summary>
    internal static IRuleBuilderOptions<T, TEnum> IsNamedMember<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage("'{PropertyName}' has a range of values which does not include '{PropertyValue}'.");
}
