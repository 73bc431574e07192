using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// Distributions of a ledger by date then journal (the distribution report's order), kept compactly for
/// <see cref="DistributionTotals"/> — those with nothing to post, which have no journal of their own: per date, a list of
/// (journal, sale, provider) values — 36 bytes a distribution,
/// the provider as an index into the few providers seen — sorted by journal when first read after an addition. Not
/// thread-safe: used under the ledger's gate.
/// </summary>
internal sealed class DistributionIndex
{
    private readonly SortedList<LocalDate, Day> _days = [];
    private readonly List<EntityId> _providers = [];

    /// <summary>Adds a distribution.</summary>
    internal void Add(LocalDate date, JournalId journal, EntityId provider, SaleId sale)
    {
        var index = _providers.IndexOf(provider);
        if (index < 0)
        {
            _providers.Add(provider);
            index = _providers.Count - 1;
        }

        if (!_days.TryGetValue(date, out var day))
        {
            _days.Add(date, day = new Day());
        }

        day.Add(new Item(journal, sale, index));
    }

    /// <summary>The distribution of a journal, if it is in the index.</summary>
    internal Entry? Find(JournalId journal)
    {
        for (var d = 0; d < _days.Count; d++)
        {
            if (_days.Values[d].IndexOf(journal) is var at and >= 0)
            {
                return Of(_days.Keys[d], _days.Values[d].Items[at]);
            }
        }

        return null;
    }

    /// <summary>The distributions in order from a date on, after a journal of that date if one is given.</summary>
    /// <param name="from">The first date, or <c>null</c> for the first in the index.</param>
    /// <param name="after">A journal dated <paramref name="from"/> to start after, or <c>null</c>.</param>
    internal IEnumerable<Entry> From(LocalDate? from, JournalId? after)
    {
        for (var d = from is { } first ? FirstDayAtOrAfter(first) : 0; d < _days.Count; d++)
        {
            var (date, day) = (_days.Keys[d], _days.Values[d]);
            var start = after is { } journal && date == from ? StartAfter(day, journal) : 0;
            for (var i = start; i < day.Items.Count; i++)
            {
                yield return Of(date, day.Items[i]);
            }
        }
    }

    private Entry Of(LocalDate date, Item item) => new(date, item.Journal, _providers[item.Provider], item.Sale);

    private static int StartAfter(Day day, JournalId journal)
    {
        var at = day.IndexOf(journal);
        return at >= 0 ? at + 1 : ~at;
    }

    private int FirstDayAtOrAfter(LocalDate date)
    {
        var keys = _days.Keys;
        int low = 0, high = keys.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            (low, high) = keys[mid] < date ? (mid + 1, high) : (low, mid);
        }

        return low;
    }

    /// <summary>A distribution in the index: its date and journal (its place in the report), provider and sale.</summary>
    internal sealed record Entry(LocalDate Date, JournalId Journal, EntityId Provider, SaleId Sale);

    /// <summary>A distribution of a day: its journal, sale and provider's index.</summary>
    private readonly record struct Item(JournalId Journal, SaleId Sale, int Provider);

    /// <summary>A day's distributions, sorted by journal on the first read after an addition.</summary>
    private sealed class Day
    {
        private static readonly IComparer<Item> ByJournal = Comparer<Item>.Create((a, b) => a.Journal.CompareTo(b.Journal));
        private readonly List<Item> _items = [];
        private bool _sorted = true;

        internal List<Item> Items
        {
            get
            {
                if (!_sorted)
                {
                    _items.Sort(ByJournal);
                    _sorted = true;
                }

                return _items;
            }
        }

        internal void Add(Item item)
        {
            _sorted = _sorted && (_items.Count == 0 || ByJournal.Compare(_items[^1], item) < 0);
            _items.Add(item);
        }

        /// <summary>The journal's position, or the bitwise complement of where it would be.</summary>
        internal int IndexOf(JournalId journal) => Items.BinarySearch(new Item(journal, default, 0), ByJournal);
    }
}
