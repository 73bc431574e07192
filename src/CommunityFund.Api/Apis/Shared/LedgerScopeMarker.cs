namespace CommunityFund.Api.Apis;

/// <summary>Marks the endpoints that run in a ledger's scope (for the group check and the tests).</summary>
public sealed class LedgerScopeMarker
{
    /// <summary>The marker.</summary>
    public static LedgerScopeMarker Instance { get; } = new();

    private LedgerScopeMarker()
    {
    }
}
