using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>Holds chosen appends (numbered from 1) open until released, can answer one as not written (without writing
/// it), keeps every append's request, and counts the reads of packages.</summary>
internal sealed class HeldAppendsStore(Storage.ILedgerStore inner) : Storage.DelegatingLedgerStore(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Held> _held = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Held> _heldReads = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Storage.AppendRequest> _requests = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _readWaits = [];
    private int _appends;
    private int _packageReads;
    private int _notWritten;
    private Task _lastAppend = Task.CompletedTask;

    public int Appends => _appends;

    public int PackageReads => Volatile.Read(ref _packageReads);

    /// <summary>The requests of the appends, by number; the first append is 1.</summary>
    public IReadOnlyList<Storage.AppendRequest> Requests => [.. _requests.OrderBy(r => r.Key).Select(r => r.Value)];

    public Held Hold(int append) => _held.GetOrAdd(append, _ => new Held());

    /// <summary>Holds the package read of that number (counted from 1) open until released.</summary>
    public Held HoldPackageRead(int read) => _heldReads.GetOrAdd(read, _ => new Held());

    public void NotWritten(int append) => _notWritten = append;

    public Task PackageReadsReach(int count)
    {
        lock (_readWaits)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_packageReads >= count)
            {
                reached.SetResult();
            }
            else
            {
                _readWaits.Add((count, reached));
            }

            return reached.Task;
        }
    }

    /// <summary>Whether appends take the ledger's head as PostgreSQL's do (<see cref="Storage.AppendRequest.HeadTaken"/>):
    /// each append waits until the one before it is over, then says it holds the head — before it is held or written, as
    /// a transaction whose commit is still to come.</summary>
    public bool TakesTheHead { get; init; }

    /// <summary>Answers no records version, as a store that keeps none: every group reads its lists again (ADR 0045).</summary>
    public bool KeepsNoRecordsVersion { get; init; }

    public override Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        KeepsNoRecordsVersion ? Task.FromResult<long?>(null) : base.GetRecordsVersionAsync(ledger, cancellationToken);

    public override async Task<Storage.AppendOutcome> AppendAsync(Storage.AppendRequest request, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _appends);
        _requests[number] = request;
        var over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = Interlocked.Exchange(ref _lastAppend, over.Task);
        try
        {
            if (TakesTheHead)
            {
                await before;
                request.HeadTaken?.Invoke();
            }

            if (_held.TryGetValue(number, out var held))
            {
                held.Begin();
                await held.Released;
            }

            return number == _notWritten ? Storage.AppendOutcome.HeadMoved : await Inner.AppendAsync(request with { HeadTaken = null }, cancellationToken);
        }
        finally
        {
            over.SetResult();
        }
    }

    /// <summary>Completes once <paramref name="count"/> appends have reached the store.</summary>
    public async Task AppendsReach(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (Volatile.Read(ref _appends) < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    public override async Task<Storage.LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        await CountReadAsync(kind, key);
        return await base.GetDocumentAsync(ledger, kind, key, cancellationToken);
    }

    public override async Task<IReadOnlyList<Storage.LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        await CountReadAsync(kind, owner);
        return await base.ListDocumentsAsync(ledger, kind, owner, cancellationToken);
    }

    /// <summary>Counts a read of the packages (but not of the tutor's lessons: a group plans them too, and the reads held
    /// by number are the groups' one read of the meals).</summary>
    private async Task CountReadAsync(string kind, string? name)
    {
        if (kind != EconomyRecords.Package.Kind || name?.StartsWith("lessons", StringComparison.Ordinal) == true)
        {
            return;
        }

        int read;
        lock (_readWaits)
        {
            read = ++_packageReads;
            foreach (var wait in _readWaits.Where(w => w.Count <= _packageReads).ToList())
            {
                _readWaits.Remove(wait);
                wait.Reached.SetResult();
            }
        }

        if (_heldReads.TryGetValue(read, out var held))
        {
            held.Begin();
            await held.Released;
        }
    }

    internal sealed class Held
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public Task Released => _released.Task;

        public void Begin() => _started.TrySetResult();

        public void Release() => _released.TrySetResult();
    }
}
