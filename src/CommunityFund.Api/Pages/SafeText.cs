using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CommunityFund.Api.Pages;

/// <summary>User-supplied text on a page: bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)
/// shown as visible marks such as <c>[U+202E]</c> instead of reordering what follows, other control characters dropped,
/// then HTML-encoded (Chinese stays as it is).</summary>
public static class SafeText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The text with its bidirectional controls made visible and other control characters dropped.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The neutral text.</returns>
    public static string Neutral(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C')
            {
                result.Append("[U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else if (!char.IsControl(c) || c is '\n' or '\t')
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>The text made neutral and HTML-encoded, for element content and quoted attribute values.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The HTML.</returns>
    public static string Html(string? text) => Encoder.Encode(Neutral(text));
}
