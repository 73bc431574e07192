namespace CommunityFund.Api.Apis;

/// <summary>
/// Pairs each member of a books' (CommunityFund.Core) enum with the API enum member that names it on the wire. The
/// API declares its own enums so that a rename in the books is a compile error here rather than a silent change of
/// the wire; the pairs are listed member by member and checked when the map is built: every member of both enums
/// appears exactly once, so a member added to the books fails every test that touches the map.
/// </summary>
/// <typeparam name="TCore">The books' enum.</typeparam>
/// <typeparam name="TWire">The API's enum.</typeparam>
internal sealed class WireEnum<TCore, TWire>
    where TCore : struct, Enum
    where TWire : struct, Enum
{
    private readonly Dictionary<TCore, TWire> _toWire = [];
    private readonly Dictionary<TWire, TCore> _toCore = [];

    /// <summary>Builds the map.</summary>
    /// <param name="pairs">Every member of the books' enum with its API member.</param>
    /// <exception cref="InvalidOperationException">A member of either enum is missing or paired twice.</exception>
    public WireEnum(params (TCore Core, TWire Wire)[] pairs)
    {
        foreach (var (core, wire) in pairs)
        {
            if (!_toWire.TryAdd(core, wire) || !_toCore.TryAdd(wire, core))
            {
                throw new InvalidOperationException($"{typeof(TCore).FullName}.{core} or {typeof(TWire).FullName}.{wire} is paired twice.");
            }
        }

        var unpaired = Enum.GetValues<TCore>().Where(c => !_toWire.ContainsKey(c)).Select(c => $"{typeof(TCore).FullName}.{c}")
            .Concat(Enum.GetValues<TWire>().Where(w => !_toCore.ContainsKey(w)).Select(w => $"{typeof(TWire).FullName}.{w}"))
            .ToList();
        if (unpaired.Count > 0)
        {
            throw new InvalidOperationException($"No wire name for: {string.Join(", ", unpaired)}.");
        }
    }

    /// <summary>The API member for a member of the books.</summary>
    public TWire ToWire(TCore value) =>
        _toWire.TryGetValue(value, out var wire) ? wire : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a member of {typeof(TCore).FullName}.");

    /// <summary>The books' member for an API member.</summary>
    public TCore ToCore(TWire value) =>
        _toCore.TryGetValue(value, out var core) ? core : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a member of {typeof(TWire).FullName}.");
}
