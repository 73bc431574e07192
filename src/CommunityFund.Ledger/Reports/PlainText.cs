using System.Globalization;
using System.Text;

namespace CommunityFund.Reports;

/// <summary>
/// Makes text from the books safe to write into a plain-text journal, by allow-list: letters, marks and digits of any
/// script, single ASCII spaces, the ASCII punctuation a context allows, and other scripts' punctuation and symbols are
/// kept; every run of whitespace (any Unicode space, U+3000 included, tabs and line breaks) becomes one space; control and
/// format characters (zero-width, bidirectional overrides) are dropped; any other ASCII character — hledger's syntax:
/// <c>; @ = [ ] ( ) * ! | :</c> and the rest — is written as its full-width form (<c>＠</c>, <c>［</c>, …), which reads
/// the same to a person and means nothing to hledger. So a name, memo or dimension value cannot end an account name,
/// start an amount, a price, a comment, a tag or a bracketed date.
/// </summary>
internal static class PlainText
{
    /// <summary>The ASCII punctuation kept in account names (parentheses cannot wrap a name: it starts with the entity).</summary>
    internal const string AccountPunctuation = "-._/&'#%+,()";

    /// <summary>The ASCII punctuation kept in descriptions (memos): a leading parenthesis would be read as a code.</summary>
    internal const string MemoPunctuation = "-._/&'#%+,\"";

    /// <summary>The ASCII punctuation kept in tag values: no comma (it ends the value) and no colon (it starts a tag).</summary>
    internal const string TagPunctuation = "-._/&'#%+";

    /// <summary>The text, by the allow-list, on one line with single spaces, trimmed.</summary>
    /// <param name="text">The text.</param>
    /// <param name="punctuation">The ASCII punctuation kept as it is.</param>
    /// <returns>The safe text.</returns>
    internal static string Safe(string text, string punctuation)
    {
        var safe = new StringBuilder(text.Length);
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control)
            {
                space = safe.Length > 0;
                continue;
            }

            if (category is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (space)
            {
                safe.Append(' ');
                space = false;
            }

            if (!rune.IsAscii || Rune.IsLetterOrDigit(rune) || punctuation.Contains((char)rune.Value, StringComparison.Ordinal))
            {
                safe.Append(rune.ToString());
            }
            else
            {
                // ASCII '!'..'~' and its full-width form (U+FF01..U+FF5E) differ by 0xFEE0.
                safe.Append((char)(rune.Value + 0xFEE0));
            }
        }

        return safe.ToString();
    }
}
