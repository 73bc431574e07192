using System.Reflection;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>
/// Stores that pass calls on to another store answer every call of the store contract themselves. A call the contract
/// gives a default body (a scan of the chain, for stores without an index) would otherwise run that scan over the inner
/// store instead of the inner store's own indexed query — correct, but a page read becoming a read of the whole ledger.
/// </summary>
public sealed class ForwardingStoresTests
{
    [Theory]
    [InlineData(typeof(ShardedLedgerStore))]
    [InlineData(typeof(DelegatingLedgerStore))]
    public void ForwardingStore_ImplementsEveryCallOfTheStoreContract_ItselfRatherThanByItsDefault(Type store)
    {
        var contracts = typeof(ILedgerStore).GetInterfaces().Append(typeof(ILedgerStore));
        var byDefault = contracts
            .SelectMany(contract => store.GetInterfaceMap(contract) is var map ? map.TargetMethods : [])
            .Where(method => method.DeclaringType!.IsInterface)
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}")
            .Distinct()
            .ToList();

        Assert.Empty(byDefault);
    }

    [Fact]
    public void TheStoreContract_HasCallsWithADefaultBody_SoTheCheckAboveHasSomethingToCatch() =>
        Assert.Contains(
            typeof(ILedgerStore).GetInterfaces().Append(typeof(ILedgerStore)).SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance)),
            method => !method.IsAbstract);
}
