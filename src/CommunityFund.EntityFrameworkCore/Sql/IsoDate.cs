using System.Globalization;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>ISO dates (<c>yyyy-MM-dd</c>) without the pattern machinery: the scan path parses one per journal.</summary>
internal static class IsoDate
{
    internal static string Format(LocalDate date) =>
        date.Year is < 1 or > 9999 ? NodaTime.Text.LocalDatePattern.Iso.Format(date) : string.Create(10, date, static (span, d) =>
        {
            d.Year.TryFormat(span[..4], out _, "D4", CultureInfo.InvariantCulture);
            span[4] = '-';
            d.Month.TryFormat(span[5..7], out _, "D2", CultureInfo.InvariantCulture);
            span[7] = '-';
            d.Day.TryFormat(span[8..], out _, "D2", CultureInfo.InvariantCulture);
        });

    internal static LocalDate Parse(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            // Years outside 1–9999, as the EF model's converter writes them.
            return NodaTime.Text.LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
        }

        return new LocalDate(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2));
    }

    private static int Digits(string text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new FormatException($"'{text}' is not an ISO date.");
            }

            value = (value * 10) + digit;
        }

        return value;
    }
}
