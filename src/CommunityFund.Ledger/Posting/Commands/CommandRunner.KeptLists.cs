using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>Group commit, the record lists read ahead for a group and kept for the ledger's next group while the head
/// and the records version stand still (ADR 0045).</summary>
public sealed partial class CommandRunner
{
    /// <summary>The most record lists read ahead for a group: a group whose members read more (lists of their own) is
    /// not worth a query each in parallel.</summary>
    private const int MaxPrefetchedLists = 4;

    /// <summary>The most records the lists kept from one group to the next hold together: longer lists are read again.</summary>
    private const int MaxKeptRecords = 4_096;

    /// <summary>
    /// The state the group is planned on (the group under way leaves it, or the books hold it) and the ledger's records
    /// version, read together while the group's keys are looked up; then the record lists the ledger's last group read
    /// (a group of sales reads the same package and policy lists) into <paramref name="reads"/>. A list that group kept
    /// is taken as it is when the head is the one that group leaves and the version has not moved since it was read: no
    /// record changed meanwhile (<see cref="IRecordStore.GetRecordsVersionAsync"/>). The others are read again, after the
    /// version, so a record written between the two reads only makes the next group read again. The planner holds the
    /// ledger's lock, and reading the lists now or when a member asks gives the same lists (the records groups under way
    /// write show over them).
    /// </summary>
    private async Task<(LedgerState? State, long? Version)> PrefetchAsync(LedgerId ledger, GroupUnderWay? previous, GroupReads reads)
    {
        var stateRead = previous is null ? _ledgers.GetLedgerAsync(ledger, CancellationToken.None) : Task.FromResult<LedgerState?>(previous.After);
        // A ledger whose last group read no list does not need the version (its next group keeps nothing).
        var kept = _kept.TryGetValue(ledger, out var last) && last.Names.Length is > 0 and <= MaxPrefetchedLists ? last : null;
        var versionRead = kept is not null ? _ledgers.GetRecordsVersionAsync(ledger, CancellationToken.None) : Task.FromResult<long?>(null);
        await Task.WhenAll(stateRead, versionRead).ConfigureAwait(false);
        var (state, version) = (stateRead.Result, versionRead.Result);
        if (state is null || kept is null)
        {
            return (state, version);
        }

        var current = version is not null && kept.Version == version && kept.Head == state.Head;
        var reading = new List<((string Kind, string? Owner) Name, Task<IReadOnlyList<LedgerDocument>> List)>(kept.Names.Length);
        foreach (var name in kept.Names)
        {
            if (current && kept.Lists.TryGetValue(name, out var list))
            {
                reads.Lists[(ledger, name.Kind, name.Owner)] = list;
            }
            else
            {
                reading.Add((name, _ledgers.ListDocumentsAsync(ledger, name.Kind, name.Owner, CancellationToken.None)));
            }
        }

        await Task.WhenAll(reading.Select(r => r.List)).ConfigureAwait(false);
        foreach (var (name, list) in reading)
        {
            reads.Lists[(ledger, name.Kind, name.Owner)] = list.Result;
        }

        return (state, version);
    }

    /// <summary>Keeps the lists the group read for the ledger's next group: all of their names, to read ahead, and the
    /// lists themselves — stored lists as of the head this group leaves — unless a kind is written by this group or a
    /// group under way (the stored list changes with its commit), the store keeps no records version, or they are long.</summary>
    private void Keep(LedgerId ledger, GroupCommit commit, GroupUnderWay? previous, GroupReads reads, long? version)
    {
        if (commit.After is not { } after)
        {
            _kept.TryRemove(ledger, out _);
            return;
        }

        (string Kind, string? Owner)[] names = [.. reads.Lists.Keys.Where(read => read.Ledger == ledger).Select(read => (read.Kind, read.Owner))];
        var lists = new Dictionary<(string Kind, string? Owner), IReadOnlyList<LedgerDocument>>();
        if (version is not null && names.Length <= MaxPrefetchedLists)
        {
            var written = commit.Pending.Keys.Select(k => k.Kind).Concat(previous?.Documents.Keys.Select(k => k.Kind) ?? []).ToHashSet(StringComparer.Ordinal);
            foreach (var name in names.Where(name => !written.Contains(name.Kind)))
            {
                lists[name] = reads.Lists[(ledger, name.Kind, name.Owner)];
            }

            if (lists.Values.Sum(list => list.Count) > MaxKeptRecords)
            {
                lists.Clear();
            }
        }

        _kept[ledger] = new KeptLists(after.Head, version, names, lists);
    }

    /// <summary>The record lists a ledger's last group read: their names, read ahead for the next group, and the stored
    /// lists that group kept, which are the stored ones while the head is <paramref name="Head"/> and the records version
    /// <paramref name="Version"/>.</summary>
    private sealed record KeptLists(
        LedgerHead Head, long? Version, (string Kind, string? Owner)[] Names, IReadOnlyDictionary<(string Kind, string? Owner), IReadOnlyList<LedgerDocument>> Lists);
}
