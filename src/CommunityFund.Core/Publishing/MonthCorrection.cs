using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>A correction note with the published month it corrects.</summary>
/// <param name="Period">The published month whose journal was reversed.</param>
/// <param name="Note">The correction note.</param>
public sealed record MonthCorrection(YearMonth Period, CorrectionNote Note);
