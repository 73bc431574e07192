using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Economy;

/// <summary>The JSON of the reconciliation's records: the records' usual form, plus times (ISO local date-times and
/// instants) that statement rows and matches carry.</summary>
internal static class ReconciliationJson
{
    internal static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The options of match records: as <see cref="Options"/>, leaving out what is null (a match has no clearing,
    /// reason or unmatching until it has); a record written either way reads the same.</summary>
    internal static JsonSerializerOptions Compact { get; } = new(Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { WriteIndented = false };
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new LocalDateTimeConverter());
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private sealed class LocalDateTimeConverter : StringValueJsonConverter<LocalDateTime>
    {
        protected override bool TryParse(string text, out LocalDateTime value)
        {
            var result = LocalDateTimePattern.ExtendedIso.Parse(text);
            value = result.Success ? result.Value : default;
            return result.Success;
        }

        protected override string Format(LocalDateTime value) => LocalDateTimePattern.ExtendedIso.Format(value);
    }

    private sealed class InstantConverter : StringValueJsonConverter<Instant>
    {
        protected override bool TryParse(string text, out Instant value)
        {
            var result = InstantPattern.ExtendedIso.Parse(text);
            value = result.Success ? result.Value : default;
            return result.Success;
        }

        protected override string Format(Instant value) => InstantPattern.ExtendedIso.Format(value);
    }
}
