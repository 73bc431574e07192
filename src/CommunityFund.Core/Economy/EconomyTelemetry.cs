using System.Diagnostics.Metrics;

namespace CommunityFund.Economy;

/// <summary>
/// The economy's instruments, in the <see cref="MeterName"/> meter (System.Diagnostics.Metrics only; the host decides
/// whether anything listens): <c>communityfund.sales.posted</c>, the sales that entered the books (a replayed
/// idempotency key is not counted again).
/// </summary>
internal static class EconomyTelemetry
{
    /// <summary>The meter's name, for the host to listen to.</summary>
    internal const string MeterName = "CommunityFund.Economy";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SalesPosted = Meter.CreateCounter<long>("communityfund.sales.posted", "{sale}", "Sales that entered the books.");

    /// <summary>Counts one sale posted.</summary>
    internal static void SalePosted() => SalesPosted.Add(1);
}
