using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.Community;

/// <summary>
/// The accounts that agreements and the fund post to, for an entity's profile (see the design's domain events 6–8):
/// a 民非 operator books rent to 5101.02 and donated use to 4101.01; a company-form operator books rent to 5602 and
/// donated use to non-operating income 5301.
/// </summary>
/// <param name="Bank">The bank account rent is paid from (or received into).</param>
/// <param name="RentExpense">Space rent and the cost of resources used.</param>
/// <param name="OtherRevenue">Where a grantor books the nominal rent it receives.</param>
/// <param name="DonatedUseRevenue">Where the fair value of donated use is recognised (policy <see cref="DonatedUse.RecognizeAtFairValue"/>).</param>
/// <param name="ServiceRevenue">Where the services given in a swap are recognised as a non-cash exchange.</param>
public sealed record OperatingAccounts(AccountCode Bank, AccountCode RentExpense, AccountCode OtherRevenue, AccountCode DonatedUseRevenue, AccountCode ServiceRevenue)
{
    /// <summary>The accounts of a 民非 (NPO_CN) entity.</summary>
    public static OperatingAccounts NpoCn { get; } = new(C("1002.01"), C("5101.02"), C("4901.01"), C("4101.01"), C("4301.01"));

    /// <summary>The accounts of a company-form (SME_CN) entity.</summary>
    public static OperatingAccounts SmeCn { get; } = new(C("1002.01"), C("5602"), C("5051"), C("5301"), C("5051"));

    /// <summary>The accounts for a profile, or <c>null</c> for books kept in memo units only.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The accounts.</returns>
    public static OperatingAccounts? For(AccountingProfile profile) => profile switch
    {
        AccountingProfile.NpoCn => NpoCn,
        AccountingProfile.SmeCn => SmeCn,
        _ => null,
    };

    /// <summary>The memo accounts of donated use: fair rent forgone, resources received in swaps, and their contra.</summary>
    public static (AccountCode FairRentForgone, AccountCode SwapResources, AccountCode Contra) DonatedUseMemo { get; } = (C("M400.01"), C("M400.02"), C("M400.09"));

    /// <summary>The memo accounts of obligations in a unit: owed, delivered and their contra (M500 sessions, M510 hours).</summary>
    /// <param name="unit">COUNT or HOUR.</param>
    /// <returns>The accounts.</returns>
    public static (AccountCode Owed, AccountCode Delivered, AccountCode Contra) Obligations(Currency unit) =>
        unit == Currency.HOUR ? (C("M510.01"), C("M510.02"), C("M510.09")) : (C("M500.01"), ProviderAccounts.Obligations.Delivered, ProviderAccounts.Obligations.Contra);

    private static AccountCode C(string code) => AccountCode.Parse(code);
}
