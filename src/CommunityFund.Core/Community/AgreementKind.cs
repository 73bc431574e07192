namespace CommunityFund.Community;

/// <summary>What a community agreement hands over.</summary>
public enum AgreementKind
{
    /// <summary>A public space for a nominal rent (一元租金), e.g. 1.00 CNY a year.</summary>
    NominalLease = 1,

    /// <summary>Resources (space, venue hours, equipment, publicity) in exchange for services (资源换服务).</summary>
    ResourceSwap = 2,
}
