namespace CommunityFund.Api.Apis;

/// <summary>How serious a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Needs a look, but the books are not wrong (e.g. a restriction overspent through manual journals).</summary>
    Warning = 1,

    /// <summary>The books are wrong or were tampered with.</summary>
    Error = 2,
}

/// <summary>The wire names of the audit enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Audit.FindingSeverity, FindingSeverity> FindingSeverityMap = new(
        (Audit.FindingSeverity.Warning, FindingSeverity.Warning),
        (Audit.FindingSeverity.Error, FindingSeverity.Error));

    /// <summary>The wire name of a <see cref="FindingSeverity"/>.</summary>
    public static FindingSeverity ToWire(this Audit.FindingSeverity value) => FindingSeverityMap.ToWire(value);

    /// <summary>The books' <c>FindingSeverity</c> for a wire name.</summary>
    public static Audit.FindingSeverity ToCore(this FindingSeverity value) => FindingSeverityMap.ToCore(value);
}
