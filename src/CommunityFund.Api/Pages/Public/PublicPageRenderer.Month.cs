using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using NodaTime.Text;

namespace CommunityFund.Api.Pages.Public;

internal static partial class PublicPageRenderer
{
    /// <summary>A published month: its flow, where the money came from and went, restrictions, agreements, corrections.
    /// The latest is open; earlier months are folded (a &lt;details&gt; opens without JavaScript).</summary>
    private static void Month(StringBuilder html, Publication publication, ImmutableArray<CorrectionNote> corrections, PublicPageText text, bool latest)
    {
        var (f, period) = (publication.Figures, Period(publication.Period));
        html.Append("<section class=\"month\" id=\"m-").Append(period).Append("\" data-period=\"").Append(period).Append("\"><details").Append(latest ? " open" : "")
            .Append("><summary><h2>").Append(text.MonthName(publication.Period)).Append("</h2></summary>");
        html.Append("<h3>").Append(text.Flow).Append("</h3><div class=\"pair\"><div class=\"chart tall\" data-chart=\"flow\" data-period=\"").Append(period).Append("\" hidden></div>");
        TableStart(html, "flow", text.From, text.To, text.Amount);
        foreach (var link in PublicChartData.Flow(f, text))
        {
            html.Append("<tr><td><bdi>").Append(SafeText.Html(link.Source)).Append("</bdi></td><td><bdi>").Append(SafeText.Html(link.Target)).Append("</bdi></td>");
            Cells(html, Money.FromDecimal(link.Value, Currency.CNY));
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></div>");
        Sources(html, f, text);
        Grants(html, f, text);
        Restrictions(html, f, period, text);
        Agreements(html, f, text);
        Corrections(html, corrections, text);
        html.Append("</details></section>");
    }

    /// <summary>The 5% by provider organisation, donations and self-financing by activity.</summary>
    private static void Sources(StringBuilder html, PublicFigures f, PublicPageText text)
    {
        html.Append("<h3>").Append(text.SharesBy).Append("</h3>");
        TableStart(html, "shares", text.Organisation, text.Amount);
        foreach (var share in f.FundShares)
        {
            html.Append("<tr><td>").User(PublicPageModel.OrganisationName(f, share.Source)).Append("</td>");
            Cells(html, share.Amount);
            html.Append("</tr>");
        }

        Empty(html, f.FundShares.IsEmpty, 2, text);
        html.Append("</tbody></table></div><h3>").Append(text.Donations).Append("</h3>");
        TableStart(html, "donations", text.Date, text.Donor, text.Restriction, text.Amount);
        foreach (var donation in f.Donations)
        {
            html.Append("<tr><td>").Append(LocalDatePattern.Iso.Format(donation.Date)).Append("</td><td>");
            _ = donation.Donor is null ? html.Append("<span class=\"anon\">").Append(text.Anonymous).Append("</span>") : html.User(donation.Donor);
            html.Append("</td><td>").User(donation.Restriction ?? "—").Append("</td>");
            Cells(html, donation.Amount);
            html.Append("</tr>");
        }

        Empty(html, f.Donations.IsEmpty, 4, text);
        html.Append("</tbody></table></div><h3>").Append(text.SelfFinancing).Append("</h3>");
        TableStart(html, "self-financing", text.Activity, text.Amount);
        foreach (var income in f.SelfFinancing)
        {
            html.Append("<tr><td>").User(text.ActivityName(income.Source)).Append("</td>");
            Cells(html, income.Amount);
            html.Append("</tr>");
        }

        Empty(html, f.SelfFinancing.IsEmpty, 2, text);
        html.Append("</tbody></table></div>");
    }

    private static void Grants(StringBuilder html, PublicFigures f, PublicPageText text)
    {
        html.Append("<h3>").Append(text.Grants).Append("</h3>");
        TableStart(html, "grants", text.Project, text.Purpose, text.Date, text.Amount);
        foreach (var grant in f.Grants.OrderBy(g => g.Project, StringComparer.Ordinal).ThenBy(g => g.Date))
        {
            html.Append("<tr><td>").User(grant.Project).Append("</td><td>").User(grant.Purpose).Append("</td><td>").Append(LocalDatePattern.Iso.Format(grant.Date)).Append("</td>");
            Cells(html, grant.Amount);
            html.Append("</tr>");
        }

        Empty(html, f.Grants.IsEmpty, 4, text);
        html.Append("</tbody></table></div>");
    }

    private static void Restrictions(StringBuilder html, PublicFigures f, string period, PublicPageText text)
    {
        html.Append("<h3>").Append(text.Restrictions).Append("</h3><div class=\"pair\">");
        if (!f.Restrictions.IsEmpty)
        {
            html.Append("<div class=\"chart\" data-chart=\"restrictions\" data-period=\"").Append(period).Append("\" hidden></div>");
        }

        TableStart(html, "restrictions", text.Restriction, text.Received, text.Spent, text.Available);
        foreach (var restriction in f.Restrictions)
        {
            html.Append("<tr><td>").User(restriction.Restriction).Append("</td>");
            Cells(html, restriction.Received, restriction.Spent, restriction.Available);
            html.Append("</tr>");
        }

        Empty(html, f.Restrictions.IsEmpty, 4, text);
        html.Append("</tbody></table></div></div>");
    }

    /// <summary>Each lease and swap: the space, the rent asked, the value forgone, and services owed against delivered.</summary>
    private static void Agreements(StringBuilder html, PublicFigures f, PublicPageText text)
    {
        html.Append("<h3>").Append(text.Agreements).Append("</h3>");
        foreach (var a in f.Agreements)
        {
            html.Append("<div class=\"agreement\" data-agreement=\"").Append(SafeText.Html(a.Id)).Append("\"><dl><dt>")
                .Append(a.Kind == AgreementKind.NominalLease ? text.Lease : text.Swap).Append("</dt><dd>").User(a.Id).Append("</dd><dt>").Append(text.Operator).Append("</dt><dd>")
                .User(PublicPageModel.OrganisationName(f, a.Operator.Value)).Append("</dd><dt>").Append(text.Space).Append("</dt><dd>").User(a.Resource).Append("</dd><dt>")
                .Append(text.NominalRent).Append("</dt><dd>");
            Amount(html, a.NominalRent);
            html.Append("</dd><dt>").Append(text.FairValueForgone).Append("</dt><dd>");
            Amount(html, a.FairValueForgone);
            html.Append("</dd></dl>");
            TableStart(html, "obligations", text.Month, text.Service, text.Owed, text.Delivered, text.Beneficiaries);
            foreach (var m in a.Months)
            {
                html.Append("<tr><td>").Append(LocalDatePattern.Iso.Format(m.From)).Append(" – ").Append(LocalDatePattern.Iso.Format(m.To)).Append("</td><td>").User(m.Service)
                    .Append("</td><td class=\"num\">").Append(Quantity(m.Owed)).Append("</td><td class=\"num").Append(m.Delivered.MinorUnits < m.Owed.MinorUnits ? " short" : "")
                    .Append("\">").Append(Quantity(m.Delivered)).Append("</td><td class=\"num\">").Append(m.Beneficiaries.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
            }

            Empty(html, a.Months.IsEmpty, 5, text);
            html.Append("</tbody></table></div></div>");
        }

        if (f.Agreements.IsEmpty)
        {
            html.Append("<p>").Append(text.None).Append("</p>");
        }
    }

    private static void Corrections(StringBuilder html, ImmutableArray<CorrectionNote> corrections, PublicPageText text)
    {
        html.Append("<h3>").Append(text.Corrections).Append("</h3>");
        if (corrections.IsEmpty)
        {
            html.Append("<p class=\"corrections-none\">").Append(text.NoCorrections).Append("</p>");
            return;
        }

        TableStart(html, "corrections", text.Sequence, text.What, text.Why, text.When, text.Amount);
        foreach (var note in corrections)
        {
            html.Append("<tr><td class=\"num\">").Append(note.Sequence.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").User(note.What).Append("</td><td>").User(note.Why)
                .Append("</td><td><time datetime=\"").Append(InstantPattern.ExtendedIso.Format(note.RecordedAt)).Append("\">").Append(InstantPattern.General.Format(note.RecordedAt)).Append("</time></td>");
            Cells(html, note.Amount);
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Empty(StringBuilder html, bool empty, int columns, PublicPageText text)
    {
        if (empty)
        {
            html.Append("<tr><td colspan=\"").Append(columns.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(text.None).Append("</td></tr>");
        }
    }

    /// <summary>A quantity of services: sessions as a count, hours with <c>h</c>.</summary>
    private static string Quantity(Money quantity) =>
        quantity.ToDecimal().ToString("0.##", CultureInfo.InvariantCulture) + (quantity.Currency == Currency.HOUR ? " h" : "");
}
