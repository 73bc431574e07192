using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// An account code: an official first-level code (<c>1002</c>, <c>4301</c>), a memo code (<c>M400</c>), or a
/// sub-account with dot-separated two-digit suffixes (<c>2209.01</c>, <c>5101.03.01</c>). Official codes are never
/// renumbered. Ordering is ordinal on the text, which keeps sub-accounts right after their parent.
/// The default value is invalid.
/// </summary>
[JsonConverter(typeof(AccountCodeJsonConverter))]
public readonly record struct AccountCode : IComparable<AccountCode>
{
    private AccountCode(string value) => Value = value;

    /// <summary>The code text.</summary>
    public string Value { get; }

    /// <summary>The parent code (<c>2209</c> for <c>2209.01</c>), or <c>null</c> for a first-level code.</summary>
    public AccountCode? Parent
    {
        get
        {
            var dot = Value.LastIndexOf('.');
            return dot < 0 ? null : new AccountCode(Value[..dot]);
        }
    }

    /// <summary>The first-level code (<c>2209</c> for <c>2209.01.03</c>).</summary>
    public AccountCode Root
    {
        get
        {
            var dot = Value.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? this : new AccountCode(Value[..dot]);
        }
    }

    /// <summary><c>true</c> for memo (M-) codes, which hold non-monetary or memorandum amounts.</summary>
    public bool IsMemo => Value[0] == 'M';

    /// <summary>Parses a code.</summary>
    /// <param name="value">The text, e.g. <c>2209.01</c>.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentException">The text is not a valid code.</exception>
    public static AccountCode Parse(string value)
    {
        Preconditions.CheckNotNull(value);
        return TryParse(value, out var code)
            ? code
            : throw new ArgumentException($"'{value}' is not an account code: four digits (or M and three digits), then optional .NN suffixes.", nameof(value));
    }

    /// <summary>Parses a code without throwing.</summary>
    /// <param name="value">The text.</param>
    /// <param name="code">The code, when valid.</param>
    /// <returns><c>true</c> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out AccountCode code)
    {
        code = default;
        if (string.IsNullOrEmpty(value) || value.Length > 32)
        {
            return false;
        }

        var segments = value.Split('.');
        var first = segments[0];
        var firstValid = first.Length == 4 && (AllDigits(first) || (first[0] == 'M' && AllDigits(first.AsSpan(1))));
        if (!firstValid)
        {
            return false;
        }

        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].Length != 2 || !AllDigits(segments[i]))
            {
                return false;
            }
        }

        code = new AccountCode(value);
        return true;
    }

    /// <summary>The code of a sub-account of this one, e.g. <c>2209</c> with suffix 1 gives <c>2209.01</c>.</summary>
    /// <param name="suffix">1 to 99.</param>
    /// <returns>The child code.</returns>
    public AccountCode Child(int suffix)
    {
        Preconditions.CheckArgumentRange(nameof(suffix), suffix, 1, 99);
        return new AccountCode($"{Value}.{suffix:00}");
    }

    /// <summary><c>true</c> when this code is <paramref name="other"/> or below it.</summary>
    /// <param name="other">A possible ancestor.</param>
    /// <returns>Whether this code is within <paramref name="other"/>.</returns>
    public bool IsWithin(AccountCode other) =>
        Value == other.Value || Value.StartsWith(other.Value + ".", StringComparison.Ordinal);

    /// <inheritdoc />
    public int CompareTo(AccountCode other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the code text.</summary>
    public override string ToString() => Value ?? string.Empty;

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
