namespace CommunityFund.Api.Apis;

/// <summary>Where a settlement statement stands. It only moves forward.</summary>
public enum SettlementStatus
{
    /// <summary>Prepared: the provider owes the amount.</summary>
    Owed = 1,

    /// <summary>The hub issued its invoice, or the fund its donation receipt.</summary>
    Invoiced = 2,

    /// <summary>Paid: the settlement journal is posted.</summary>
    Settled = 3,
}

/// <summary>The wire names of the settlements enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Economy.SettlementStatus, SettlementStatus> SettlementStatusMap = new(
        (Economy.SettlementStatus.Owed, SettlementStatus.Owed),
        (Economy.SettlementStatus.Invoiced, SettlementStatus.Invoiced),
        (Economy.SettlementStatus.Settled, SettlementStatus.Settled));

    /// <summary>The wire name of a <see cref="SettlementStatus"/>.</summary>
    public static SettlementStatus ToWire(this Economy.SettlementStatus value) => SettlementStatusMap.ToWire(value);

    /// <summary>The books' <c>SettlementStatus</c> for a wire name.</summary>
    public static Economy.SettlementStatus ToCore(this SettlementStatus value) => SettlementStatusMap.ToCore(value);
}
