using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Publishing;

/// <summary>The JSON of publications: compact, ISO dates, months and instants, enums by name. The figures' JSON made with
/// these options is what the signature covers, so they never change for a schema version.</summary>
internal static class PublishingJson
{
    internal static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { WriteIndented = false };
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new IsoYearMonthJsonConverter());
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
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
