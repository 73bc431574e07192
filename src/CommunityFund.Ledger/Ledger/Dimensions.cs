using System.Collections;
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

    // A line has at most a handful of dimensions (seven names are known), so a sorted array beats a tree: a lookup is
    // a few ordinal comparisons, equality a walk of both arrays, and building one is one small array (measured in the
    // API: the tree's nodes, boxed enumerators and closures were ≈ a tenth of the bytes a sale allocated).
    private readonly KeyValuePair<string, string>[] _values;
    private int _hash;

    private Dimensions(KeyValuePair<string, string>[] values) => _values = values;

    /// <summary>No dimensions.</summary>
    public static Dimensions Empty { get; } = new([]);

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

        return ControlCharacters.In(value) ? $"Dimension '{name}' contains control characters." : null;
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
        var at = IndexOf(name);
        if (at >= 0)
        {
            var replaced = (KeyValuePair<string, string>[])_values.Clone();
            replaced[at] = new(name, value);
            return new Dimensions(replaced);
        }

        var insertAt = ~at;
        var values = new KeyValuePair<string, string>[_values.Length + 1];
        _values.AsSpan(0, insertAt).CopyTo(values);
        values[insertAt] = new(name, value);
        _values.AsSpan(insertAt).CopyTo(values.AsSpan(insertAt + 1));
        return new Dimensions(values);
    }

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No dimension '{key}'.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Select(p => p.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => _values.Select(p => p.Value);

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? _values[at].Value : null!;
        return at >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Dimensions? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._values.Length != _values.Length || (_hash != 0 && other._hash != 0 && _hash != other._hash))
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!string.Equals(_values[i].Key, other._values[i].Key, StringComparison.Ordinal)
                || !string.Equals(_values[i].Value, other._values[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Dimensions);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            foreach (var (key, value) in _values)
            {
                hash.Add(key, StringComparer.Ordinal);
                hash.Add(value, StringComparer.Ordinal);
            }

            // 0 marks "not computed yet"; a set whose hash is 0 recomputes it each time, which is only slower.
            _hash = hash.ToHashCode();
        }

        return _hash;
    }

    /// <summary>The dimensions as <c>name=value</c> pairs separated by commas.</summary>
    public override string ToString() => string.Join(",", _values.Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The index of <paramref name="name"/> in the ordinal order, or the complement of where it would go.</summary>
    private int IndexOf(string name)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            var order = string.CompareOrdinal(_values[i].Key, name);
            if (order >= 0)
            {
                return order == 0 ? i : ~i;
            }
        }

        return ~_values.Length;
    }
}
