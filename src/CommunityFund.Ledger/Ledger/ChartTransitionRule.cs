namespace CommunityFund.Ledger;

/// <summary>
/// One rule of a chart transition (新旧制度衔接): the balance of an account of the old chart (with its sub-accounts) that
/// the new chart does not carry is moved, on the transition day, to an account of the new chart.
/// </summary>
/// <param name="From">The old chart's first-level account.</param>
/// <param name="To">The new chart's account that takes its balance.</param>
/// <param name="Rule">The rule as the transition journal's memo names it.</param>
public sealed record ChartTransitionRule(AccountCode From, AccountCode To, string Rule);
