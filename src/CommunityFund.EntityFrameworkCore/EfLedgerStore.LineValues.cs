using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <summary>A line's dimensions from their set's JSON.</summary>
    internal static Dimensions ParseDimensions(string json) =>
        json is "{}" or "" ? Dimensions.Empty : Dimensions.From(MapDocument.Read(json));

    /// <summary>The parsed values of one read: entities, account codes, units and dimension sets repeat on almost every
    /// line, so each distinct text is parsed once.</summary>
    private sealed class LineValues
    {
        private const int MaxDimensionSets = 4_096;
        private readonly Dictionary<string, EntityId> _entities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, AccountCode> _accounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Currency> _units = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dimensions> _dimensions = new(StringComparer.Ordinal);

        internal EntityId Entity(string text) => Cached(_entities, text, EntityId.From);

        internal AccountCode Account(string text) => Cached(_accounts, text, AccountCode.Parse);

        internal Currency Currency(string text) => Cached(_units, text, CommunityFund.Currency.FromCode);

        internal Dimensions Dimensions(string json)
        {
            if (json is "{}" or "")
            {
                return CommunityFund.Ledger.Dimensions.Empty;
            }

            if (_dimensions.TryGetValue(json, out var dimensions))
            {
                return dimensions;
            }

            dimensions = ParseDimensions(json);
            if (_dimensions.Count < MaxDimensionSets)
            {
                _dimensions[json] = dimensions;
            }

            return dimensions;
        }

        private static T Cached<T>(Dictionary<string, T> cache, string text, Func<string, T> parse)
        {
            if (!cache.TryGetValue(text, out var value))
            {
                value = parse(text);
                cache[text] = value;
            }

            return value;
        }
    }
}
