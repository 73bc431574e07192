using CommunityFund.Api.Apis;

namespace CommunityFund.Api.Imports;

/// <summary>The refused rows of an import: how many, and the problems of the first ones (by line) up to a cap, whatever
/// the order the rows finish in.</summary>
/// <param name="cap">The most problems kept.</param>
internal sealed class RefusedRows(int cap)
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<LineProblemDto, (int Line, long Order)> _kept = new(Comparer<(int Line, long Order)>.Create((a, b) => b.CompareTo(a)));
    private long _rows;
    private long _order;
    private bool _dropped;

    /// <summary>Adds one refused row's problems.</summary>
    /// <param name="problems">Its problems (at least one).</param>
    internal void Add(IEnumerable<LineProblemDto> problems)
    {
        lock (_gate)
        {
            _rows++;
            foreach (var problem in problems)
            {
                Keep(problem);
            }
        }
    }

    /// <summary>Adds one problem of a refused row.</summary>
    /// <param name="problem">The problem.</param>
    internal void Add(LineProblemDto problem) => Add([problem]);

    /// <summary>The problems kept, in line order; how many rows were refused; whether problems were left out.</summary>
    internal (IReadOnlyList<LineProblemDto> Listed, long Rows, bool Truncated) Snapshot()
    {
        lock (_gate)
        {
            var listed = _kept.UnorderedItems.OrderBy(i => i.Priority).Select(i => i.Element).ToList();
            return (listed, _rows, _dropped);
        }
    }

    /// <summary>Keeps the problem if it is among the first <c>cap</c> by line (the queue's head is the last kept).</summary>
    private void Keep(LineProblemDto problem)
    {
        var key = (problem.Line, _order++);
        if (_kept.Count < cap)
        {
            _kept.Enqueue(problem, key);
            return;
        }

        _dropped = true;
        if (_kept.TryPeek(out _, out var last) && key.CompareTo(last) < 0)
        {
            _kept.DequeueEnqueue(problem, key);
        }
    }
}
