namespace CommunityFund.Reports;

/// <summary>A column of a prescribed form.</summary>
/// <param name="Key">A machine name (CSV header, JSON), such as <c>month_unrestricted</c>.</param>
/// <param name="NameZh">The official heading, such as 期末数 or 非限定性.</param>
/// <param name="NameEn">The English heading.</param>
/// <param name="Period">What the column measures.</param>
/// <param name="Restriction">Which restriction class it reads (民非 业务活动表); <see cref="PrescribedRestriction.Any"/> elsewhere.</param>
/// <param name="GroupZh">The heading above it when the form has two header rows (本月数, 本年累计数), or <c>null</c>.</param>
/// <param name="GroupEn">The English group heading, or <c>null</c>.</param>
public sealed record PrescribedColumn(string Key, string NameZh, string NameEn, PrescribedPeriod Period, PrescribedRestriction Restriction = PrescribedRestriction.Any, string? GroupZh = null, string? GroupEn = null);
