namespace CommunityFund.Economy;

/// <summary>How a distribution rounds to the fen.</summary>
public enum RoundingRule
{
    /// <summary>Largest remainder with carried remainders per provider and policy version (no drift); see
    /// <see cref="CarryForwardAllocator"/>.</summary>
    LargestRemainderWithCarry = 1,
}
