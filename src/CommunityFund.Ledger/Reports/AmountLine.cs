using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>A line of a company-form statement: an account or a subtotal and its amount.</summary>
/// <param name="Code">The first-level account code, or empty for a subtotal.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Amount">The amount, positive in the line's normal direction.</param>
public sealed record AmountLine(string Code, string NameZh, string NameEn, Money Amount);
