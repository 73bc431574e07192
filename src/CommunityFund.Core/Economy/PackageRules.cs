using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Economy;

/// <summary>The rules a service package's terms must meet.</summary>
internal static class PackageRules
{
    internal const int MaxNameLength = 200;
    internal const int MaxQuantity = 10_000;

    internal static void Check(ServicePackage package, List<PostingError> errors)
    {
        void Fail(string message, string field) => errors.Add(new PostingError(EconomyErrorCodes.PackageInvalid, message, field));

        if (!EntityId.TryFrom(package.Id, out _))
        {
            Fail($"'{package.Id}' is not a valid package id (1–64 lower-case letters, digits and inner hyphens).", "id");
        }

        if (string.IsNullOrWhiteSpace(package.NameZh) || package.NameZh.Length > MaxNameLength)
        {
            Fail($"The Chinese name is required (at most {MaxNameLength} characters).", "nameZh");
        }

        if (string.IsNullOrWhiteSpace(package.NameEn) || package.NameEn.Length > MaxNameLength)
        {
            Fail($"The English name is required (at most {MaxNameLength} characters).", "nameEn");
        }

        if (package.Sessions is < 1 or > 10_000)
        {
            Fail("A package contains 1 to 10,000 sessions.", "sessions");
        }

        if (!package.Hours.HasCurrency || package.Hours.Currency != Currency.HOUR || package.Hours.IsNegative)
        {
            Fail("Hours are given in HOUR and are not negative.", "hours");
        }

        if (package.Tiers is null || package.Tiers.IsEmpty)
        {
            Fail("A package is offered in at least one tier.", "tiers");
            return;
        }

        foreach (var (tier, terms) in package.Tiers)
        {
            var field = $"tiers.{tier}";
            if (!Enum.IsDefined(tier) || terms is null || !IsCny(terms.Price))
            {
                Fail("Each tier has a price in CNY.", field);
                continue;
            }

            switch (tier)
            {
                case PricingTier.PublicWelfare when !terms.Price.IsZero:
                    Fail("The public-welfare tier is free: its price is 0.00.", field);
                    break;
                case PricingTier.LowCost when terms.Cap is not { } cap || !IsCny(cap) || !terms.Price.IsPositive || terms.Price > cap:
                    Fail("The low-cost tier has a positive price at or below its cap (in CNY).", field);
                    break;
                case PricingTier.Paid when !terms.Price.IsPositive:
                    Fail("The paid tier has a positive price.", field);
                    break;
            }
        }
    }

    internal static bool IsCny(Money money) => money.HasCurrency && money.Currency == Currency.CNY;

    /// <summary>A resident reference is pseudonymous: letters, digits, '-' and '_' only, and no run of 11 or more
    /// digits (a phone or ID number).</summary>
    internal static bool IsPseudonymous(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.Length > 64)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in reference)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }

            digits = char.IsAsciiDigit(c) ? digits + 1 : 0;
            if (digits >= 11)
            {
                return false;
            }
        }

        return true;
    }
}
