namespace CommunityFund.Community;

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
