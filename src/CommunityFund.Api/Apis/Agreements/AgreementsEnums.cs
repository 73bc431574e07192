namespace CommunityFund.Api.Apis;

/// <summary>What a community agreement hands over.</summary>
public enum AgreementKind
{
    /// <summary>A public space for a nominal rent (一元租金), e.g. 1.00 CNY a year.</summary>
    NominalLease = 1,

    /// <summary>Resources (space, venue hours, equipment, publicity) in exchange for services (资源换服务).</summary>
    ResourceSwap = 2,
}

/// <summary>Where an agreement is in its life: draft → active → ended.</summary>
public enum AgreementStatus
{
    /// <summary>Registered, not yet in force: nothing is charged or owed.</summary>
    Draft = 1,

    /// <summary>In force: rent and resources are charged and obligations owed, period by period.</summary>
    Active = 2,

    /// <summary>Expired at the end of its term, or terminated early with a reason.</summary>
    Ended = 3,
}

/// <summary>How an agreement ended.</summary>
public enum AgreementEnding
{
    /// <summary>The term ran out.</summary>
    Expired = 1,

    /// <summary>Ended before the end of its term, with a reason.</summary>
    Terminated = 2,
}

/// <summary>How often a nominal rent falls due (in advance, at the start of each rent period).</summary>
public enum RentFrequency
{
    /// <summary>Every month.</summary>
    Monthly = 1,

    /// <summary>Every three months.</summary>
    Quarterly = 3,

    /// <summary>Every twelve months.</summary>
    Yearly = 12,
}

/// <summary>A kind of resource handed over in a swap.</summary>
public enum ResourceKind
{
    /// <summary>A space (场地).</summary>
    Space = 1,

    /// <summary>Hours of a venue (场馆时段).</summary>
    VenueHours = 2,

    /// <summary>Equipment (设备).</summary>
    Equipment = 3,

    /// <summary>Publicity (宣传资源).</summary>
    Publicity = 4,
}

/// <summary>
/// The ledger's policy for the donated use of assets (the gap between fair value and what is paid): kept in the memo
/// ledger only (民非 2004, the default), or also recognised at fair value (Dr expense / Cr donation revenue), as US GAAP
/// and the 2026 民非 standard may require. Every journal it shapes records which one applied.
/// </summary>
public enum DonatedUse
{
    /// <summary>The fair value forgone goes to the memo ledger (M400) only.</summary>
    MemoOnly = 1,

    /// <summary>The fair value forgone is also recognised as an expense and a donation (or a non-cash exchange).</summary>
    RecognizeAtFairValue = 2,
}

/// <summary>The wire names of the agreements enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Community.AgreementKind, AgreementKind> AgreementKindMap = new(
        (Community.AgreementKind.NominalLease, AgreementKind.NominalLease),
        (Community.AgreementKind.ResourceSwap, AgreementKind.ResourceSwap));

    /// <summary>The wire name of a <see cref="AgreementKind"/>.</summary>
    public static AgreementKind ToWire(this Community.AgreementKind value) => AgreementKindMap.ToWire(value);

    /// <summary>The books' <c>AgreementKind</c> for a wire name.</summary>
    public static Community.AgreementKind ToCore(this AgreementKind value) => AgreementKindMap.ToCore(value);

    private static readonly WireEnum<Community.AgreementStatus, AgreementStatus> AgreementStatusMap = new(
        (Community.AgreementStatus.Draft, AgreementStatus.Draft),
        (Community.AgreementStatus.Active, AgreementStatus.Active),
        (Community.AgreementStatus.Ended, AgreementStatus.Ended));

    /// <summary>The wire name of a <see cref="AgreementStatus"/>.</summary>
    public static AgreementStatus ToWire(this Community.AgreementStatus value) => AgreementStatusMap.ToWire(value);

    /// <summary>The books' <c>AgreementStatus</c> for a wire name.</summary>
    public static Community.AgreementStatus ToCore(this AgreementStatus value) => AgreementStatusMap.ToCore(value);

    private static readonly WireEnum<Community.AgreementEnding, AgreementEnding> AgreementEndingMap = new(
        (Community.AgreementEnding.Expired, AgreementEnding.Expired),
        (Community.AgreementEnding.Terminated, AgreementEnding.Terminated));

    /// <summary>The wire name of a <see cref="AgreementEnding"/>.</summary>
    public static AgreementEnding ToWire(this Community.AgreementEnding value) => AgreementEndingMap.ToWire(value);

    /// <summary>The books' <c>AgreementEnding</c> for a wire name.</summary>
    public static Community.AgreementEnding ToCore(this AgreementEnding value) => AgreementEndingMap.ToCore(value);

    private static readonly WireEnum<Community.RentFrequency, RentFrequency> RentFrequencyMap = new(
        (Community.RentFrequency.Monthly, RentFrequency.Monthly),
        (Community.RentFrequency.Quarterly, RentFrequency.Quarterly),
        (Community.RentFrequency.Yearly, RentFrequency.Yearly));

    /// <summary>The wire name of a <see cref="RentFrequency"/>.</summary>
    public static RentFrequency ToWire(this Community.RentFrequency value) => RentFrequencyMap.ToWire(value);

    /// <summary>The books' <c>RentFrequency</c> for a wire name.</summary>
    public static Community.RentFrequency ToCore(this RentFrequency value) => RentFrequencyMap.ToCore(value);

    private static readonly WireEnum<Community.ResourceKind, ResourceKind> ResourceKindMap = new(
        (Community.ResourceKind.Space, ResourceKind.Space),
        (Community.ResourceKind.VenueHours, ResourceKind.VenueHours),
        (Community.ResourceKind.Equipment, ResourceKind.Equipment),
        (Community.ResourceKind.Publicity, ResourceKind.Publicity));

    /// <summary>The wire name of a <see cref="ResourceKind"/>.</summary>
    public static ResourceKind ToWire(this Community.ResourceKind value) => ResourceKindMap.ToWire(value);

    /// <summary>The books' <c>ResourceKind</c> for a wire name.</summary>
    public static Community.ResourceKind ToCore(this ResourceKind value) => ResourceKindMap.ToCore(value);

    private static readonly WireEnum<Community.DonatedUse, DonatedUse> DonatedUseMap = new(
        (Community.DonatedUse.MemoOnly, DonatedUse.MemoOnly),
        (Community.DonatedUse.RecognizeAtFairValue, DonatedUse.RecognizeAtFairValue));

    /// <summary>The wire name of a <see cref="DonatedUse"/>.</summary>
    public static DonatedUse ToWire(this Community.DonatedUse value) => DonatedUseMap.ToWire(value);

    /// <summary>The books' <c>DonatedUse</c> for a wire name.</summary>
    public static Community.DonatedUse ToCore(this DonatedUse value) => DonatedUseMap.ToCore(value);
}
