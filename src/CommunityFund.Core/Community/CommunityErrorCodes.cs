namespace CommunityFund.Community;

/// <summary>The stable error codes of agreements, the community fund and their commands.</summary>
public static class CommunityErrorCodes
{
    /// <summary>The agreement's terms break a rule (the message says which).</summary>
    public const string AgreementInvalid = "agreement.invalid";

    /// <summary>A lease's fund revenue share would apply to revenue a distribution policy already shares with the fund,
    /// and the agreement does not say it may (<see cref="LeaseTerms.FundShareOnDistributedRevenue"/>).</summary>
    public const string FundShareOverlapsDistribution = "agreement.fund_share_overlaps_distribution";

    /// <summary>A time-bank (or points) transfer would take the member below zero, and the unit's rules allow no
    /// negative balance.</summary>
    public const string TimeBankInsufficientBalance = "timebank.insufficient_balance";

    /// <summary>A time-bank (or points) transfer would take the member above the unit's cap per member.</summary>
    public const string TimeBankCapExceeded = "timebank.cap_exceeded";

    /// <summary>A time-bank transfer names the same member as its source and its destination.</summary>
    public const string TimeBankSameMember = "timebank.same_member";

    /// <summary>Donated services are recorded under the revised 民非 chart (NPO_CN@2026-01-01), and the entity keeps another
    /// chart: a company's, or the 2004 民非 chart before its transition (ADR 0021).</summary>
    public const string DonatedServiceNotApplicable = "donated_service.not_applicable";

    /// <summary>No agreement with this id.</summary>
    public const string AgreementNotFound = "agreement.not_found";

    /// <summary>An agreement with this id already exists.</summary>
    public const string AgreementExists = "agreement.exists";

    /// <summary>The command does not fit the agreement's status (e.g. activating an ended one).</summary>
    public const string AgreementStatusInvalid = "agreement.status_invalid";

    /// <summary>The delivery does not fit the agreement (unknown service, wrong unit, outside the term).</summary>
    public const string DeliveryInvalid = "agreement.delivery_invalid";

    /// <summary>The entity is not a community fund keeping NPO_CN books.</summary>
    public const string NotAFund = "fund.not_a_fund";

    /// <summary>The fund command's data breaks a rule (the message says which).</summary>
    public const string FundInvalid = "fund.invalid";

    /// <summary>A grant exceeds what remains available under its restriction.</summary>
    public const string RestrictionInsufficient = "fund.restriction_insufficient";

    /// <summary>An unrestricted grant (or other spending of the fund's own money) exceeds the cash that is not held
    /// for restrictions or agency.</summary>
    public const string GrantExceedsUnrestricted = "grant.exceeds_unrestricted_funds";

    /// <summary>A sale of donated goods in the charity supermarket names no goods cost while the fund holds donated goods
    /// (1201.01): the goods sold must leave inventory at their carrying value. The figures give the goods held.</summary>
    public const string GoodsCostRequired = "fund.goods_cost_required";

    /// <summary>A goods cost (of goods sold or given away) exceeds the donated goods the fund holds (1201.01). The figures
    /// give the goods held, the cost asked and the shortfall.</summary>
    public const string GoodsExceedStock = "fund.goods_exceed_stock";

    /// <summary>More is passed on to a beneficiary than is held for them.</summary>
    public const string AgencyInsufficient = "fund.agency_insufficient";

    /// <summary>A month is published only once it is closed: the month named is not (yet) closed.</summary>
    public const string PublicationPeriodOpen = "publication.period_open";

    /// <summary>The month was already published; a published month never changes (later reversals appear as corrections).</summary>
    public const string PublicationExists = "publication.exists";

    /// <summary>The month has not been published.</summary>
    public const string PublicationNotFound = "publication.not_found";

    /// <summary>The ledger has no community fund entity keeping 民非 (NPO_CN) books whose figures could be published.</summary>
    public const string PublicationNoFund = "publication.no_fund";
}
