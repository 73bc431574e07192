using System.Collections.Immutable;

namespace CommunityFund.Reports;

/// <summary>A row of a prescribed statement with its amounts, one per column of the layout (none for a heading).</summary>
/// <param name="Row">The row of the layout.</param>
/// <param name="Amounts">The amounts, in the layout's column order; zero rows are shown with zeros.</param>
public sealed record PrescribedLine(PrescribedRow Row, ImmutableArray<Money> Amounts);
