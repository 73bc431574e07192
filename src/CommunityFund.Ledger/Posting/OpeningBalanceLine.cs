namespace CommunityFund.Posting;

/// <summary>
/// One line of an opening-balance file (期初余额) as read, before any check: its line number in the file and its cells as
/// text. <see cref="OpeningBalances"/> checks it against the entity's chart and turns it into a journal line.
/// </summary>
/// <param name="Line">The line number in the file (the header is line 1), reported with every problem of the line.</param>
/// <param name="Entity">The entity's id.</param>
/// <param name="Account">The account's code, e.g. <c>1002.01</c>.</param>
public sealed record OpeningBalanceLine(int Line, string? Entity, string? Account)
{
    /// <summary>The account's name, if given: it must be the chart's Chinese or English name of the account.</summary>
    public string? Name { get; init; }

    /// <summary>The debit balance in the account's unit, as decimal text (e.g. <c>1234.50</c>); blank for none.</summary>
    public string? Debit { get; init; }

    /// <summary>The credit balance in the account's unit, as decimal text; blank for none.</summary>
    public string? Credit { get; init; }

    /// <summary>The restriction (限定性) the balance is held under, put on the line as the <c>restriction</c> dimension
    /// (required by restricted net assets, 3102).</summary>
    public string? Restriction { get; init; }

    /// <summary>The member the balance is held for, put on the line as the <c>member</c> dimension (required by the
    /// agency accounts 1701 and 2601).</summary>
    public string? Member { get; init; }
}
