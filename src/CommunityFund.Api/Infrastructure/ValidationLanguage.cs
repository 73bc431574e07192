using System.Globalization;
using FluentValidation;
using FluentValidation.Resources;

namespace CommunityFund.Api;

/// <summary>
/// FluentValidation's built-in messages in the request's language: its language manager asked for the simplified
/// Chinese messages when the request prefers Chinese (<see cref="ProblemLanguage"/>), English otherwise, whatever the
/// thread's culture. Messages a validator sets itself (<c>WithMessage</c>) stay as written, in English.
/// </summary>
public sealed class ValidationLanguage : ILanguageManager
{
    // The host runs in invariant globalization mode, where only the invariant culture can be created: the language
    // manager finds its translations by culture name, so a culture that only answers to the name is enough (figures in
    // the messages are formatted invariantly, as everywhere on the wire). FluentValidation files simplified Chinese
    // under zh-Hans.
    private static readonly CultureInfo Chinese = new NamedCulture("zh-Hans");
    private static readonly CultureInfo English = new NamedCulture("en");
    private readonly LanguageManager _inner = new();

    /// <inheritdoc />
    public bool Enabled
    {
        get => _inner.Enabled;
        set => _inner.Enabled = value;
    }

    /// <inheritdoc />
    public CultureInfo? Culture
    {
        get => _inner.Culture;
        set => _inner.Culture = value;
    }

    /// <summary>Installs it as FluentValidation's language manager (once per process; it holds no state).</summary>
    public static void Install() => ValidatorOptions.Global.LanguageManager = new ValidationLanguage();

    /// <inheritdoc />
    public string GetString(string key, CultureInfo? culture = null) => _inner.GetString(key, ProblemLanguage.IsChinese ? Chinese : English);

    /// <summary>The invariant culture under another name.</summary>
    private sealed class NamedCulture(string name) : CultureInfo(string.Empty)
    {
        public override string Name => name;

        public override CultureInfo Parent => InvariantCulture;
    }
}
