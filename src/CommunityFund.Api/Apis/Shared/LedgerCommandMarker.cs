namespace CommunityFund.Api.Apis;

/// <summary>Marks the endpoints mapped with <see cref="LedgerScopeExtensions.InLedgerCommand"/>: their command reads the
/// ledger's state, so the scope does not.</summary>
public sealed class LedgerCommandMarker
{
    /// <summary>The marker.</summary>
    public static LedgerCommandMarker Instance { get; } = new();

    private LedgerCommandMarker()
    {
    }
}
