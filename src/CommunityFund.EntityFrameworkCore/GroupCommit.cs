using System.Collections.Concurrent;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Group commit for independent writes: callers queue their item; whoever gets the writer's turn writes every item
/// queued by then in one transaction and answers them all. Nobody is answered before the transaction holding their
/// item committed. When a shared transaction fails, its items are written one by one, so one bad item fails alone.
/// </summary>
/// <typeparam name="T">An item to write.</typeparam>
internal sealed class GroupCommit<T>
{
    private const int MaxItems = 256;
    private readonly ConcurrentQueue<Ticket> _queue = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    internal async Task WriteAsync(T item, Func<IReadOnlyList<T>, Task> write, CancellationToken cancellationToken)
    {
        var ticket = new Ticket(item);
        _queue.Enqueue(ticket);
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Not taken by a writer yet: it never will be (writers skip answered tickets).
            ticket.Done.TrySetCanceled(cancellationToken);
            throw;
        }

        try
        {
            while (!ticket.Done.Task.IsCompleted)
            {
                var batch = new List<Ticket>();
                while (batch.Count < MaxItems && _queue.TryDequeue(out var next))
                {
                    if (!next.Done.Task.IsCompleted)
                    {
                        batch.Add(next);
                    }
                }

                await WriteBatchAsync(batch, write).ConfigureAwait(false);
            }
        }
        finally
        {
            _writer.Release();
        }

        await ticket.Done.Task.ConfigureAwait(false);
    }

    private static async Task WriteBatchAsync(List<Ticket> batch, Func<IReadOnlyList<T>, Task> write)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await write([.. batch.Select(t => t.Item)]).ConfigureAwait(false);
            StoreTelemetry.DocumentsCommitted(batch.Count);
            foreach (var ticket in batch)
            {
                ticket.Done.TrySetResult();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var ticket in batch)
            {
                await WriteBatchAsync([ticket], write).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    private sealed class Ticket(T item)
    {
        internal T Item => item;

        internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
