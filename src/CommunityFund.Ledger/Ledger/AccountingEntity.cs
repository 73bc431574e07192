using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// A legal or reporting unit inside a ledger, with its own chart of accounts and its own trial balance.
/// Immutable.
/// </summary>
public sealed record AccountingEntity
{
    /// <summary>Creates an entity with its profile's template chart.</summary>
    /// <param name="id">The id, unique in the ledger.</param>
    /// <param name="name">The display name, e.g. <c>锦江区枢纽社会企业</c>.</param>
    /// <param name="kind">The role.</param>
    /// <param name="profile">The accounting profile; the chart starts from its template.</param>
    /// <exception cref="ArgumentException">The name is blank or the id is the default.</exception>
    public AccountingEntity(EntityId id, string name, EntityKind kind, AccountingProfile profile)
        : this(id, name, kind, ChartTemplates.For(profile))
    {
    }

    /// <summary>Creates an entity with a given chart.</summary>
    /// <param name="id">The id, unique in the ledger.</param>
    /// <param name="name">The display name.</param>
    /// <param name="kind">The role.</param>
    /// <param name="chart">The chart of accounts (its profile is the entity's profile).</param>
    /// <exception cref="ArgumentException">The name is blank or the id is the default.</exception>
    public AccountingEntity(EntityId id, string name, EntityKind kind, ChartOfAccounts chart)
    {
        Preconditions.CheckArgument(id.Value is not null, nameof(id), "The entity id is the default value.");
        Preconditions.CheckArgument(!string.IsNullOrWhiteSpace(name), nameof(name), "The entity name is required.");
        Id = id;
        Name = name;
        Kind = kind;
        Chart = Preconditions.CheckNotNull(chart);
    }

    /// <summary>The id.</summary>
    public EntityId Id { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The role.</summary>
    public EntityKind Kind { get; }

    /// <summary>The chart of accounts.</summary>
    public ChartOfAccounts Chart { get; init; }

    /// <summary>The accounting profile (that of the chart).</summary>
    public AccountingProfile Profile => Chart.Profile;

    /// <summary>The VAT status of a company-form (SME_CN) entity, or <c>null</c> when none is configured: then a sale's
    /// VAT is what the caller states (zero by default), as before ADR 0022. Set with <see cref="WithVat"/>.</summary>
    public VatRegistration? Vat { get; private init; }

    /// <summary>Returns this entity with its VAT status; a general taxpayer's chart gets the 应交增值税 columns
    /// (<see cref="ChartTemplates.WithGeneralTaxpayerColumns"/>) if it does not have them yet.</summary>
    /// <param name="vat">The status.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="ArgumentException">The entity is not SME_CN, or its chart has no 2221.01 应交增值税 (a chart from
    /// before ADR 0022).</exception>
    public AccountingEntity WithVat(VatRegistration vat)
    {
        Preconditions.CheckNotNull(vat);
        Preconditions.CheckArgument(Profile == AccountingProfile.SmeCn, nameof(vat), $"Only a company-form (SME_CN) entity has a VAT status; '{Id}' is {Profile}.");
        Preconditions.CheckArgument(Chart.Find(ChartTemplates.VatPayable) is not null, nameof(vat), $"The chart of '{Id}' has no {ChartTemplates.VatPayable} 应交增值税.");
        var chart = vat.Kind == TaxpayerKind.General ? ChartTemplates.WithGeneralTaxpayerColumns(Chart) : Chart;
        return this with { Vat = vat, Chart = chart };
    }

    /// <summary>The enterprise income-tax rate (企业所得税) a company-form (SME_CN) entity accrues at its year-end close, in
    /// basis points of the year's profit before tax (2,500 = the statutory 25%), or <c>null</c> when none is configured:
    /// then the close accrues no income tax. Set with <see cref="WithIncomeTax"/>; rules in ADR 0022.</summary>
    public int? IncomeTaxRateBasisPoints { get; private init; }

    /// <summary>The highest income-tax rate an entity may configure: the statutory 25% (企业所得税法 第四条), 2,500 bp.</summary>
    public const int MaxIncomeTaxRateBasisPoints = 2_500;

    /// <summary>Returns this entity with the income-tax rate its December close accrues (Dr 5801 所得税费用 / Cr 2221.03
    /// 应交所得税 on the year's profit before tax; none on a loss).</summary>
    /// <param name="rateBasisPoints">The rate in basis points, 0 to <see cref="MaxIncomeTaxRateBasisPoints"/>: e.g. 2,500
    /// (25%), or an effective rate such as 500 (5%) for a 小型微利企业.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="ArgumentException">The entity is not SME_CN, its chart has no 5801 or 2221.03, or the rate is out of
    /// range.</exception>
    public AccountingEntity WithIncomeTax(int rateBasisPoints)
    {
        Preconditions.CheckArgument(Profile == AccountingProfile.SmeCn, nameof(rateBasisPoints), $"Only a company-form (SME_CN) entity accrues income tax; '{Id}' is {Profile}.");
        Preconditions.CheckArgument(rateBasisPoints is >= 0 and <= MaxIncomeTaxRateBasisPoints, nameof(rateBasisPoints), $"The income-tax rate is 0 to {MaxIncomeTaxRateBasisPoints} basis points (0–25%).");
        Preconditions.CheckArgument(Chart.Find(ChartTemplates.IncomeTaxExpense) is not null && Chart.Find(ChartTemplates.IncomeTaxPayable) is not null,
            nameof(rateBasisPoints), $"The chart of '{Id}' has no {ChartTemplates.IncomeTaxExpense} 所得税费用 or {ChartTemplates.IncomeTaxPayable} 应交所得税.");
        return this with { IncomeTaxRateBasisPoints = rateBasisPoints };
    }
}
