using Microsoft.Net.Http.Headers;

namespace CommunityFund.Api;

/// <summary>
/// The language problems are written in for the current request: Chinese when the request's <c>Accept-Language</c>
/// prefers <c>zh</c> (any <c>zh-*</c> tag: zh-CN, zh-Hans, zh-TW…) over English, honouring q-values (the supported
/// language with the highest q wins, the earlier on a tie; q=0 refuses one); English otherwise. Decided once per
/// request by <see cref="UseProblemLanguage"/>, first in the pipeline, so every problem of the request — endpoint,
/// filter, authentication, rate limit, status-code page or exception handler — sees it. Problem responses carry
/// <c>Content-Language</c> and <c>Vary: Accept-Language</c>.
/// </summary>
public static partial class ProblemLanguage
{
    /// <summary>The <c>Content-Language</c> of a Chinese problem.</summary>
    public const string Chinese = "zh-CN";

    /// <summary>The <c>Content-Language</c> of an English problem.</summary>
    public const string English = "en";

    private static readonly AsyncLocal<bool> PrefersChinese = new();

    /// <summary>Whether problems of the current request are written in Chinese.</summary>
    public static bool IsChinese => PrefersChinese.Value;

    /// <summary>Decides the request's language and labels its problem responses.</summary>
    public static IApplicationBuilder UseProblemLanguage(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            PrefersChinese.Value = Prefers(context.Request.Headers.AcceptLanguage.ToString());
            context.Response.OnStarting(static state => Label((HttpContext)state), context);
            await next(context);
        });

    /// <summary>Whether an <c>Accept-Language</c> value prefers Chinese to English.</summary>
    /// <param name="acceptLanguage">The header's value (several headers joined by commas).</param>
    /// <returns><c>true</c> for Chinese.</returns>
    public static bool Prefers(string? acceptLanguage)
    {
        (double Quality, bool Chinese)? best = null;
        foreach (var range in (acceptLanguage ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(range) is not var (tag, quality) || quality <= 0)
            {
                continue;
            }

            var chinese = tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase);
            var english = tag == "*" || tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase);
            if ((chinese || english) && (best is null || quality > best.Value.Quality))
            {
                best = (quality, chinese);
            }
        }

        return best?.Chinese ?? false;
    }

    /// <summary>A language range and its quality (1 without <c>q</c>), or <c>null</c> when it is malformed.</summary>
    private static (string Tag, double Quality)? Parse(string range)
    {
        var parts = range.Split(';', StringSplitOptions.TrimEntries);
        if (!LanguageTag().IsMatch(parts[0]))
        {
            return null;
        }

        var quality = 1.0;
        foreach (var parameter in parts.Skip(1))
        {
            if (!parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                || !double.TryParse(parameter[2..], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out quality) || quality > 1)
            {
                return null;
            }
        }

        return (parts[0], quality);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$")]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();

    private static Task Label(HttpContext context)
    {
        if (context.Response.ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.Headers.ContentLanguage = Prefers(context.Request.Headers.AcceptLanguage.ToString()) ? Chinese : English;
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
        }

        return Task.CompletedTask;
    }
}
