using System.Collections;
using System.Collections.Immutable;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// The analysis dimensions of a journal line (fund, restriction, programme, tier, counterparty, agreement, member):
/// an immutable map from a known name (see <see cref="DimensionNames"/>) to a non-blank value. Iteration is in
/// ordinal name order; equality is by content.
/// </summary>
public sealed class Dimensions : IReadOnlyDictionary<string, string>, IEquatable<Dimensions>
{
    /// <summary>The longest value a dimension may have.</summary>
    public const int MaxValueLength = 128;

    private readonly ImmutableSortedDictionary<string, string> _values;

    private Dimensions(ImmutableSortedDictionary<string, string> values) => _values = values;

    /// <summary>No dimensions.</summary>
    public static Dimensions Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    /// <summary>Creates dimensions from pairs.</summary>
    /// <param name="values">Name–value pairs; names must be known, values non-blank.</param>
    /// <returns>The dimensions.</returns>
    /// <exception cref="ArgumentException">A name is unknown or repeated, or a value is blank, too long or has control characters.</exception>
    public static Dimensions From(IEnumerable<KeyValuePair<string, string>> values)
    {
        Preconditions.CheckNotNull(values);
        var result = Empty;
        foreach (var (name, value) in values)
        {
            Preconditions.CheckArgument(!result.ContainsKey(name), nameof(values), $"Dimension '{name}' is given twice.");
            result = result.With(name, value);
        }

        return result;
    }

    /// <summary>Checks a name and value without throwing.</summary>
    /// <param name="name">The dimension name.</param>
    /// <param name="value">The value.</param>
    /// <returns><c>null</c> when valid, otherwise why not.</returns>
    public static string? Validate(string? name, string? value)
    {
        if (name is null || !DimensionNames.All.Contains(name))
        {
            return $"Unknown dimension '{name}'; known: {string.Join(", ", DimensionNames.All)}.";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"Dimension '{name}' has a blank value.";
        }

        if (value.Length > MaxValueLength)
        {
            return $"Dimension '{name}' is longer than {MaxValueLength} characters.";
        }

        if (name == DimensionNames.CashFlow && !CashFlowItem.TryParse(value, out _))
        {
            return $"'{value}' is not a cash-flow item; known: {string.Join(", ", CashFlowItem.All.Select(i => i.Code))}.";
        }

        return value.Any(char.IsControl) ? $"Dimension '{name}' contains control characters." : null;
    }

    /// <summary>Returns these dimensions with one set.</summary>
    /// <param name="name">A known name.</param>
    /// <param name="value">A non-blank value.</param>
    /// <returns>The new dimensions.</returns>
    /// <exception cref="ArgumentException">The name is unknown or the value invalid.</exception>
    public Dimensions With(string name, string value)
    {
        var error = Validate(name, value);
        Preconditions.CheckArgument(error is null, nameof(name), error ?? string.Empty);
        return new Dimensions(_values.SetItem(name, value));
    }

    /// <inheritdoc />
    public string this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Dimensions? other) =>
        other is not null && _values.Count == other._values.Count && _values.All(p => other._values.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Dimensions);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _values)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The dimensions as <c>name=value</c> pairs separated by commas.</summary>
    public override string ToString() => string.Join(",", _values.Select(p => $"{p.Key}={p.Value}"));
}
