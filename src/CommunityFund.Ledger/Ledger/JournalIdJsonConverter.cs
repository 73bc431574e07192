using CommunityFund.Serialization;

namespace CommunityFund.Ledger;

/// <summary>Writes a <see cref="JournalId"/> as its UUID.</summary>
public sealed class JournalIdJsonConverter : StringValueJsonConverter<JournalId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out JournalId value)
    {
        var ok = Guid.TryParseExact(text, "D", out var guid);
        value = new JournalId(guid);
        return ok;
    }

    /// <inheritdoc />
    protected override string Format(JournalId value) => value.ToString();
}
