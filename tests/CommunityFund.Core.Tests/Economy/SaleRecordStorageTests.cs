using System.Text.Json.Nodes;
using CommunityFund.Economy;
using CommunityFund.Storage;

namespace CommunityFund.Tests.Economy;

/// <summary>How a sale is stored (issue 20): only its facts — what reading recomputes, nulls and empty lists are left
/// out — and records written before, with all of them, still read the same; a sale's journals find it by the sale id
/// in their metadata, without a record per journal.</summary>
public class SaleRecordStorageTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Fact]
    public void StoredSale_LeavesOutComputedValuesNullsAndEmptyLists()
    {
        var sale = _books.SellOk(EconomyBooks.PaidMeal(quantity: 3));

        var json = JsonNode.Parse(EconomyRecords.Sale.Write(sale.Id.ToString(), "elder-care", 1, sale).Json)!.AsObject();

        foreach (var left in new[] { "Distributed", "Reversed", "rv", "Refunded", "IsCancelled", "Refundable", "ComputedVat", "Deliveries", "dl", "Refunds", "rf" })
        {
            Assert.False(json.ContainsKey(left), left);
        }

        Assert.False(json["d"]![0]!["pt"]!.AsObject().ContainsKey("Total"));
        Assert.False(json["r"]!.AsObject().ContainsKey("v"));
    }

    [Fact]
    public void StoredSale_UsesShortNames_LeavesOutDefaultValues_AndWritesAmountsAsOneString()
    {
        var sale = _books.SellOk(EconomyBooks.PaidMeal(quantity: 3));

        var stored = EconomyRecords.Sale.Write(sale.Id.ToString(), "elder-care", 1, sale);
        var json = JsonNode.Parse(stored.Json)!;

        Assert.Equal(3, stored.SchemaVersion);
        Assert.Equal("300.00 CNY", json["a"]!.GetValue<string>());
        Assert.Equal("100.00 CNY", json["r"]!["u"]!.GetValue<string>());
        Assert.False(json["r"]!.AsObject().ContainsKey("pp"));
    }

    [Fact]
    public void SaleStoredInVersion2_WithItsPropertiesLongNames_ReadsTheSame()
    {
        var sale = _books.Refund(_books.SellOk(EconomyBooks.PaidMeal(quantity: 2)).Id, 50m).Value!;
        var current = JsonNode.Parse(EconomyRecords.Sale.Write(sale.Id.ToString(), "elder-care", 1, sale).Json)!;
        var longNames = SaleRecordJson.ShortNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var version2 = new LedgerDocument(EconomyRecords.Sale.Kind, sale.Id.ToString(), "elder-care", 1, Renamed(current, longNames)!.ToJsonString()) { SchemaVersion = 2 };

        Assert.Contains("\"Distributions\":", version2.Json, StringComparison.Ordinal);
        Assert.Equal(Full(sale), Full(EconomyRecords.Sale.Read(version2)));
    }

    /// <summary>The JSON with every object's property names replaced through <paramref name="names"/>.</summary>
    private static JsonNode? Renamed(JsonNode? node, Dictionary<string, string> names) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(names.GetValueOrDefault(p.Key, p.Key), Renamed(p.Value, names)))),
        JsonArray a => new JsonArray([.. a.Select(e => Renamed(e, names))]),
        _ => node?.DeepClone(),
    };

    [Fact]
    public void StoredSale_ReadsBackToTheSameSale()
    {
        var sale = _books.SellOk(EconomyBooks.PaidMeal(quantity: 3));
        var refunded = _books.Refund(sale.Id, 100m).Value!;

        var read = EconomyRecords.Sale.Read(EconomyRecords.Sale.Write(refunded.Id.ToString(), "elder-care", 1, refunded));

        Assert.Equal(Full(refunded), Full(read));
        Assert.Equal((refunded.Refundable, refunded.Distributed, refunded.Reversed), (read.Refundable, read.Distributed, read.Reversed));
    }

    [Fact]
    public void SaleStoredWithItsComputedValues_ReadsTheSame()
    {
        var sale = _books.SellOk(EconomyBooks.PaidMeal(quantity: 2));
        // The form written before issue 20: every property, computed ones and nulls included.
        var older = new LedgerDocument(EconomyRecords.Sale.Kind, sale.Id.ToString(), "elder-care", 1, Full(sale));

        Assert.Equal(Full(sale), Full(EconomyRecords.Sale.Read(older)));
    }

    [Fact]
    public async Task SaleJournals_FindTheirSaleWithoutARecordPerJournal()
    {
        var sale = _books.SellOk(EconomyBooks.PaidMeal());

        var distribution = sale.Distributions.Single().Journal;

        Assert.Equal(sale.Id, (await _books.Store.FindSaleByJournalAsync(EconomyBooks.Ledger, distribution))!.Id);
        Assert.Equal(sale.Id, (await _books.Store.FindSaleByJournalAsync(EconomyBooks.Ledger, sale.Journal))!.Id);
        Assert.Empty(await _books.Ledgers.ListDocumentsAsync(EconomyBooks.Ledger, EconomyRecords.SaleByJournal.Kind, null));
    }

    [Fact]
    public void SaleReplay_AnswersTheFirstSale()
    {
        var first = _books.Sell(EconomyBooks.PaidMeal(), "key-1").Value!;

        var replay = _books.Sell(EconomyBooks.PaidMeal(), "key-1");

        Assert.True(replay.Replayed);
        Assert.Equal(first.Id, replay.Value!.Id);
        Assert.Single(_books.Sales());
    }

    private static string Full(SaleRecord sale) => System.Text.Json.JsonSerializer.Serialize(sale, FullOptions);

    private static readonly System.Text.Json.JsonSerializerOptions FullOptions = CreateFull();

    private static System.Text.Json.JsonSerializerOptions CreateFull()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new CommunityFund.Serialization.IsoLocalDateJsonConverter());
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }
}
