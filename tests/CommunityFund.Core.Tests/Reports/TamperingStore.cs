using System.Reflection;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Tests.Reports;

/// <summary>A store that answers with changed journals or balances, as if someone edited the database.</summary>
public class TamperingStore : DispatchProxy
{
    private ILedgerStore _inner = null!;
    private Func<Journal, Journal> _journals = null!;
    private Func<AccountBalance, AccountBalance> _balances = null!;
    private string? _head;

    internal static ILedgerStore Wrap(ILedgerStore inner, Func<Journal, Journal> journals, Func<AccountBalance, AccountBalance> balances, string? head)
    {
        var proxy = Create<ILedgerStore, TamperingStore>();
        var tampering = (TamperingStore)(object)proxy;
        (tampering._inner, tampering._journals, tampering._balances, tampering._head) = (inner, journals, balances, head);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = targetMethod!.Invoke(_inner, args);
        return result switch
        {
            Task<IReadOnlyList<Journal>> page => Journals(page),
            Task<IReadOnlyList<AccountBalance>> balances => Balances(balances),
            IAsyncEnumerable<Journal> stream => Stream(stream),
            Task<LedgerState?> state when _head is not null => Head(state),
            _ => result,
        };
    }

    private async Task<IReadOnlyList<Journal>> Journals(Task<IReadOnlyList<Journal>> page) => [.. (await page).Select(_journals)];

    private async Task<IReadOnlyList<AccountBalance>> Balances(Task<IReadOnlyList<AccountBalance>> balances) => [.. (await balances).Select(_balances)];

    private async Task<LedgerState?> Head(Task<LedgerState?> state) =>
        await state is { } found ? found with { Head = found.Head with { Hash = _head! } } : null;

    private async IAsyncEnumerable<Journal> Stream(IAsyncEnumerable<Journal> stream)
    {
        await foreach (var journal in stream)
        {
            yield return _journals(journal);
        }
    }
}
