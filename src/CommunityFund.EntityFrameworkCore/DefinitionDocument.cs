using System.Collections.Immutable;
using System.Text.Json;
using CommunityFund.Ledger;
using NodaTime.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The JSON form of a <see cref="LedgerDefinition"/> as stored in <c>ledgers.definition</c>.</summary>
internal static class DefinitionDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    internal static string Write(LedgerDefinition definition)
    {
        var document = new LedgerDoc(
            definition.Id.Value,
            definition.Name,
            LocalDatePattern.Iso.Format(definition.BooksStart),
            definition.TimeZoneId,
            [.. definition.Entities.Values.Select(e => new EntityDoc(
                e.Id.Value, e.Name, e.Kind.ToString(), e.Profile.ToString(), e.Chart.TemplateVersion,
                [.. e.Chart.Accounts.Select(a => new AccountDoc(a.Code.Value, a.NameZh, a.NameEn, a.Type.ToString(), a.NormalSide.ToString(), a.Unit.Code, a.IsActive, [.. a.RequiredDimensions]))])
            {
                Vat = e.Vat is { } vat ? new VatDoc(vat.Kind.ToString(), vat.RateBasisPoints, vat.MonthlyExemptionThreshold?.MinorUnits) : null,
                IncomeTaxRateBasisPoints = e.IncomeTaxRateBasisPoints,
            })]);
        return JsonSerializer.Serialize(document, Options);
    }

    internal static LedgerDefinition Read(string json)
    {
        var document = JsonSerializer.Deserialize<LedgerDoc>(json, Options) ?? throw new InvalidDataException("Empty ledger definition.");
        var definition = new LedgerDefinition(LedgerId.From(document.Id), document.Name, LocalDatePattern.Iso.Parse(document.BooksStart).Value, document.TimeZone);
        foreach (var entity in document.Entities)
        {
            var accounts = entity.Accounts.Select(a => new Account(
                AccountCode.Parse(a.Code), a.NameZh, a.NameEn, Enum.Parse<AccountType>(a.Type), Enum.Parse<Side>(a.NormalSide), Currency.FromCode(a.Unit))
            {
                IsActive = a.Active,
                RequiredDimensions = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, a.Required),
            });
            var profile = Enum.Parse<AccountingProfile>(entity.Profile);
            var chart = ChartOfAccounts.FromAccounts(profile, entity.TemplateVersion, accounts);
            var read = new AccountingEntity(EntityId.From(entity.Id), entity.Name, Enum.Parse<EntityKind>(entity.Kind), chart);
            read = entity.Vat is { } vat ? read.WithVat(ReadVat(vat)) : read;
            definition = definition.WithEntity(entity.IncomeTaxRateBasisPoints is { } rate ? read.WithIncomeTax(rate) : read);
        }

        return definition;
    }

    /// <summary>An entity stored before ADR 0022 has no <c>vat</c>: it reads with no VAT status.</summary>
    private static VatRegistration ReadVat(VatDoc vat) => Enum.Parse<TaxpayerKind>(vat.Kind) == TaxpayerKind.General
        ? VatRegistration.General(vat.RateBasisPoints)
        : VatRegistration.SmallScale(vat.RateBasisPoints, vat.ThresholdFen is { } fen ? Money.FromMinorUnits(fen, Currency.CNY) : null);

    private sealed record LedgerDoc(string Id, string Name, string BooksStart, string TimeZone, List<EntityDoc> Entities);

    private sealed record EntityDoc(string Id, string Name, string Kind, string Profile, string TemplateVersion, List<AccountDoc> Accounts)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public VatDoc? Vat { get; init; }

        /// <summary>The income-tax rate; absent for entities without one (and all stored before it existed).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? IncomeTaxRateBasisPoints { get; init; }
    }

    private sealed record VatDoc(string Kind, int RateBasisPoints, long? ThresholdFen);

    private sealed record AccountDoc(string Code, string NameZh, string NameEn, string Type, string NormalSide, string Unit, bool Active, List<string> Required);
}
