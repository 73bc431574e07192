namespace CommunityFund.Api.Apis;

/// <summary>What happens to hours or points.</summary>
public enum MemoTransferKind
{
    /// <summary>Issued from the pool to a member (volunteer hours earned, points awarded).</summary>
    Award = 1,

    /// <summary>Returned from a member to the pool (hours used for a service, points spent).</summary>
    Redeem = 2,

    /// <summary>Given by a member to the donation pool (hours only).</summary>
    Donate = 3,

    /// <summary>Moved from one member to another.</summary>
    Transfer = 4,
}

/// <summary>The wire names of the timebank enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Community.MemoTransferKind, MemoTransferKind> MemoTransferKindMap = new(
        (Community.MemoTransferKind.Award, MemoTransferKind.Award),
        (Community.MemoTransferKind.Redeem, MemoTransferKind.Redeem),
        (Community.MemoTransferKind.Donate, MemoTransferKind.Donate),
        (Community.MemoTransferKind.Transfer, MemoTransferKind.Transfer));

    /// <summary>The wire name of a <see cref="MemoTransferKind"/>.</summary>
    public static MemoTransferKind ToWire(this Community.MemoTransferKind value) => MemoTransferKindMap.ToWire(value);

    /// <summary>The books' <c>MemoTransferKind</c> for a wire name.</summary>
    public static Community.MemoTransferKind ToCore(this MemoTransferKind value) => MemoTransferKindMap.ToCore(value);
}
