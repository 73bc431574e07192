using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using NodaTime;

namespace CommunityFund.Core.Tests.Publishing;

/// <summary>The figures' JSON across versions: publications made before the flows and the organisations' names were kept
/// are still read, with neither (the signed text never changes, so old publications are never rewritten).</summary>
public sealed class PublicFiguresJsonTests
{
    private static PublicFigures Figures() =>
        new(EntityId.From("fund"), new YearMonth(2026, 3), [], [], [], [], [], [])
        {
            ProviderFlows = [new ProviderFlow(EntityId.From("cafe"), Cny(100_00), Cny(70_00), Cny(25_00), Cny(5_00))],
            Organisations = ImmutableSortedDictionary<string, string>.Empty.Add("cafe", "Community café"),
        };

    private static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);

    [Fact]
    public void NewFigures_CarryTheFlowsAndTheOrganisationsNames()
    {
        var read = JsonSerializer.Deserialize<PublicFigures>(JsonSerializer.Serialize(Figures(), PublishingJson.Options), PublishingJson.Options)!;

        Assert.Equal(Figures().ProviderFlows.ToList(), read.ProviderFlows.ToList());
        Assert.Equal("Community café", read.Organisations["cafe"]);
    }

    [Fact]
    public void FiguresPublishedBeforeTheFlowsWereKept_AreReadWithNoFlowsAndNoNames()
    {
        var old = JsonNode.Parse(JsonSerializer.Serialize(Figures(), PublishingJson.Options))!.AsObject();
        old.Remove(nameof(PublicFigures.ProviderFlows));
        old.Remove(nameof(PublicFigures.Organisations));

        var read = JsonSerializer.Deserialize<PublicFigures>(old.ToJsonString(), PublishingJson.Options)!;

        Assert.False(read.ProviderFlows.IsDefault);
        Assert.Empty(read.ProviderFlows);
        Assert.Empty(read.Organisations);
    }
}
