using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using NodaTime.Text;

namespace CommunityFund.Api.Pages.Public;

/// <summary>The figures the charts draw, built from the same publications as the tables beside them, and written as a
/// JSON data island (<c>&lt;script type="application/json"&gt;</c>; <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> escaped, so
/// no text can end the element). The page's script reads it; nothing in it is ever executed.</summary>
internal static class PublicChartData
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>One link of a month's flow.</summary>
    internal sealed record FlowLink(string Source, string Target, decimal Value);

    /// <summary>The month's flow: residents' payments → providers → the hub, the fund and what providers keep; donations
    /// and self-financing → the fund; the fund → grants by project. Links of zero or less are left out (a chart of flows
    /// cannot draw them; the tables show every figure).</summary>
    internal static List<FlowLink> Flow(PublicFigures figures, PublicPageText text)
    {
        var nodes = new Nodes();
        var fund = nodes.Name(2, PublicPageModel.OrganisationName(figures, figures.Fund.Value));
        var (residents, kept, hub) = (nodes.Name(0, text.Residents), nodes.Name(2, text.Kept), nodes.Name(2, text.Lang == "zh" ? "枢纽" : "Hub"));
        var links = new List<FlowLink>();
        void Add(string source, string target, Money amount)
        {
            if (amount.IsPositive)
            {
                links.Add(new FlowLink(source, target, amount.ToDecimal()));
            }
        }

        foreach (var flow in figures.ProviderFlows)
        {
            var provider = nodes.Name(1, PublicPageModel.OrganisationName(figures, flow.Provider.Value));
            Add(residents, provider, flow.ResidentsPaid);
            Add(provider, kept, flow.Kept);
            Add(provider, hub, flow.Hub);
            Add(provider, fund, flow.Fund);
        }

        if (figures.ProviderFlows.IsEmpty)
        {
            // A publication made before the flows were kept: the shares the fund received, by provider.
            figures.FundShares.ToList().ForEach(s => Add(nodes.Name(1, PublicPageModel.OrganisationName(figures, s.Source)), fund, s.Amount));
        }

        Add(nodes.Name(1, text.Donations), fund, Sum(figures.Donations.Select(d => d.Amount)));
        Add(nodes.Name(1, text.SelfFinancing), fund, Sum(figures.SelfFinancing.Select(s => s.Amount)));
        foreach (var project in figures.Grants.GroupBy(g => g.Project, StringComparer.Ordinal))
        {
            Add(fund, nodes.Name(3, (text.Lang == "zh" ? "项目：" : "Project: ") + project.Key), Sum(project.Select(g => g.Amount)));
        }

        return links;
    }

    /// <summary>Node names, neutral and unique: one name in two columns (a project named as a provider, say) becomes two
    /// nodes, so the flow never loops back.</summary>
    private sealed class Nodes
    {
        private readonly Dictionary<(int Column, string Name), string> _names = [];
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        internal string Name(int column, string name)
        {
            if (!_names.TryGetValue((column, name), out var unique))
            {
                for (unique = SafeText.Neutral(name); !_used.Add(unique);)
                {
                    unique += " ′";
                }

                _names[(column, name)] = unique;
            }

            return unique;
        }
    }

    /// <summary>The data island's JSON.</summary>
    internal static string Island(PublicPageModel model, PublicPageText text)
    {
        var months = model.Publications.Select(p => new
        {
            Period = YearMonthPattern.Iso.Format(p.Period),
            Label = text.MonthName(p.Period),
            Shares = Sum(p.Figures.FundShares.Select(s => s.Amount)).ToDecimal(),
            Donations = Sum(p.Figures.Donations.Select(d => d.Amount)).ToDecimal(),
            SelfFinancing = Sum(p.Figures.SelfFinancing.Select(s => s.Amount)).ToDecimal(),
            Granted = p.Figures.TotalGranted.ToDecimal(),
            Flow = Flow(p.Figures, text),
            Restrictions = p.Figures.Restrictions.Select(r => new { Name = SafeText.Neutral(r.Restriction), Received = r.Received.ToDecimal(), Spent = r.Spent.ToDecimal(), Available = r.Available.ToDecimal() }),
        });
        var labels = new { text.Shares, text.Donations, text.SelfFinancing, text.Granted, text.Received, text.Spent, text.Available, Currency = "¥" };
        return JsonSerializer.Serialize(new { Lang = text.Lang, Labels = labels, Months = months }, Json);
    }

    internal static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero(Currency.CNY), (sum, m) => sum + m);

    internal static string Format(Money amount) => amount.ToDecimal().ToString("N2", CultureInfo.InvariantCulture);
}
