using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Publishing;
using NodaTime.Text;

namespace CommunityFund.Api.Pages.Public;

/// <summary>Renders the public page (公示) as HTML from the publications alone: every figure in a table (the page reads
/// fine without JavaScript), the charts drawn by <c>public.js</c> from a JSON data island, every user-supplied text
/// neutral and encoded (<see cref="SafeText"/>), and no inline script or style.</summary>
internal static partial class PublicPageRenderer
{
    /// <summary>The page.</summary>
    internal static string Render(PublicPageModel model, PublicPageText text, PageAssets assets)
    {
        var html = new StringBuilder(64 * 1024);
        Head(html, text, SafeText.Html(model.Name) + " · " + text.Title, assets);
        html.Append("<header><nav class=\"lang\"><a href=\"").Append(text.SwitchHref).Append("\" hreflang=\"").Append(text.SwitchLang).Append("\" lang=\"").Append(text.SwitchLang).Append("\">")
            .Append(text.Switch).Append("</a></nav><h1><bdi>").Append(SafeText.Html(model.Name)).Append("</bdi></h1><p class=\"title\">").Append(text.Title)
            .Append("</p><p>").Append(text.Intro).Append("</p><p class=\"nojs\">").Append(text.ChartsNote).Append("</p></header><main>");
        Overview(html, model, text);
        foreach (var publication in model.Publications.Reverse())
        {
            Month(html, publication, [.. model.Corrections.Where(c => c.Period == publication.Period).Select(c => c.Note)], text, publication == model.Latest);
        }

        Verification(html, model, text);
        html.Append("</main><script type=\"application/json\" id=\"public-figures\">").Append(PublicChartData.Island(model, text)).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>The page of a ledger that published nothing.</summary>
    internal static string RenderNotFound(PublicPageText text, PageAssets assets)
    {
        var html = new StringBuilder(2048);
        Head(html, text, text.NotPublishedTitle, assets, charts: false);
        return html.Append("<header><nav class=\"lang\"><a href=\"").Append(text.SwitchHref).Append("\" hreflang=\"").Append(text.SwitchLang).Append("\">").Append(text.Switch)
            .Append("</a></nav><h1>").Append(text.NotPublishedTitle).Append("</h1><p>").Append(text.NotPublished).Append("</p></header></body></html>").ToString();
    }

    private static void Head(StringBuilder html, PublicPageText text, string title, PageAssets assets, bool charts = true)
    {
        html.Append("<!DOCTYPE html><html lang=\"").Append(text.HtmlLang).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\"><link rel=\"icon\" href=\"data:,\"><title>").Append(title).Append("</title><link rel=\"stylesheet\" href=\"").Append(assets.Url("pages.css")).Append("\">");
        if (charts && assets.HasCharts)
        {
            html.Append("<script src=\"").Append(assets.Url("lib/echarts.min.js")).Append("\" defer></script><script src=\"").Append(assets.Url("public.js")).Append("\" defer></script>");
        }

        html.Append("</head><body>");
    }

    /// <summary>Money in and out by month: a bar chart and its table.</summary>
    private static void Overview(StringBuilder html, PublicPageModel model, PublicPageText text)
    {
        html.Append("<section id=\"overview\"><h2>").Append(text.Overview).Append("</h2><div class=\"pair\"><div class=\"chart\" data-chart=\"months\" hidden></div>");
        TableStart(html, "months", text.Month, text.Shares, text.Donations, text.SelfFinancing, text.In, text.Granted);
        foreach (var p in model.Publications)
        {
            var f = p.Figures;
            html.Append("<tr><th scope=\"row\"><a href=\"#m-").Append(Period(p.Period)).Append("\">").Append(text.MonthName(p.Period)).Append("</a></th>");
            Cells(html, PublicChartData.Sum(f.FundShares.Select(s => s.Amount)), PublicChartData.Sum(f.Donations.Select(d => d.Amount)),
                PublicChartData.Sum(f.SelfFinancing.Select(s => s.Amount)), f.TotalIn, f.TotalGranted);
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></div></section>");
    }

    /// <summary>The latest checkpoint and how to verify it.</summary>
    private static void Verification(StringBuilder html, PublicPageModel model, PublicPageText text)
    {
        var p = model.Latest;
        var period = Period(p.Period);
        var json = $"/public/{model.Ledger}/publications/{period}";
        html.Append("<section id=\"verify\"><h2>").Append(text.Verify).Append("</h2><dl class=\"checkpoint\">")
            .Append("<dt>").Append(text.Month).Append("</dt><dd>").Append(text.MonthName(p.Period)).Append("</dd>")
            .Append("<dt>").Append(text.PublishedAt).Append("</dt><dd><time datetime=\"").Append(InstantPattern.ExtendedIso.Format(p.PublishedAt)).Append("\">")
            .Append(InstantPattern.General.Format(p.PublishedAt)).Append("</time></dd>")
            .Append("<dt>sequence</dt><dd><code>").Append(p.Sequence.ToString(CultureInfo.InvariantCulture)).Append("</code></dd>")
            .Append("<dt>hash</dt><dd><code>").Append(SafeText.Html(p.Hash)).Append("</code></dd>")
            .Append("<dt>digest</dt><dd><code>").Append(SafeText.Html(p.Digest)).Append("</code></dd>")
            .Append("<dt>keyId</dt><dd><code>").Append(SafeText.Html(p.KeyId)).Append("</code></dd>")
            .Append("<dt>signature</dt><dd><code>").Append(SafeText.Html(p.Signature)).Append("</code></dd></dl>")
            .Append("<p>").Append(text.VerifySteps).Append(" <a href=\"").Append(json).Append("\">").Append(text.Download).Append(' ').Append(period).Append(".json</a></p><ol class=\"steps\">");
        foreach (var step in VerifySteps(text))
        {
            html.Append("<li>").Append(step).Append("</li>");
        }

        html.Append("</ol><h3>").Append(text.PublicKey).Append("</h3><pre class=\"key\">").Append(SafeText.Html(model.PublicKeyPem ?? text.None)).Append("</pre></section>");
    }

    private static IEnumerable<string> VerifySteps(PublicPageText text) => text.Lang == "zh"
        ?
        [
            "计算文件中 <code>figuresJson</code> 字符串（UTF-8 字节）的 SHA-256，应等于上面的 <code>digest</code>。",
            "用下面的公钥（ECDSA P-256，SHA-256，IEEE P1363 格式）验证 <code>signature</code> 是否签在文件的 <code>payload</code> 上；<code>payload</code> 依次写明账本、月份、<code>sequence</code>、<code>hash</code>、<code>digest</code> 和发布时间。",
            "请受托人用 <code>sequence</code> 和 <code>hash</code> 对账本做一次审计（<code>POST …/audit</code>）：通过即证明这些数字来自实际保存的账本。",
            "发布后的更正不改动已发布的数字，而是作为更正说明列在该月之下。",
        ]
        :
        [
            "The SHA-256 of the file's <code>figuresJson</code> string (its UTF-8 bytes) equals the <code>digest</code> above.",
            "The <code>signature</code> verifies over the file's <code>payload</code> under the public key below (ECDSA P-256, SHA-256, IEEE P1363); the payload names the ledger, the month, the <code>sequence</code>, the <code>hash</code>, the <code>digest</code> and the time.",
            "A trustee's audit against that <code>sequence</code> and <code>hash</code> (<code>POST …/audit</code>) proves the figures came from the books kept.",
            "A correction after publication never changes the published figures: it is listed as a correction note under its month.",
        ];

    private static string Period(NodaTime.YearMonth period) => YearMonthPattern.Iso.Format(period);

    private static void TableStart(StringBuilder html, string? caption, params string[] headings)
    {
        html.Append("<div class=\"table\"><table").Append(caption is null ? "" : $" data-table=\"{caption}\"").Append("><thead><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th scope=\"col\">").Append(heading).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
    }

    private static void Cells(StringBuilder html, params Money[] amounts)
    {
        foreach (var amount in amounts)
        {
            html.Append("<td class=\"num\">");
            Amount(html, amount);
            html.Append("</td>");
        }
    }

    /// <summary>An amount: shown grouped with its currency, its plain value in <c>&lt;data value&gt;</c> (as in the API's JSON).</summary>
    private static void Amount(StringBuilder html, Money amount) =>
        html.Append("<data value=\"").Append(amount.ToDecimal().ToString("0.00", CultureInfo.InvariantCulture)).Append("\">¥").Append(PublicChartData.Format(amount)).Append("</data>");

    /// <summary>User-supplied text, neutral, encoded and isolated.</summary>
    private static StringBuilder User(this StringBuilder html, string? text) => html.Append("<bdi>").Append(SafeText.Html(text)).Append("</bdi>");
}
