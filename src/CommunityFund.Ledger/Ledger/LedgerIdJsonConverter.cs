using CommunityFund.Serialization;

namespace CommunityFund.Ledger;

/// <summary>Writes a <see cref="LedgerId"/> as its slug.</summary>
public sealed class LedgerIdJsonConverter : StringValueJsonConverter<LedgerId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out LedgerId value) => LedgerId.TryFrom(text, out value);

    /// <inheritdoc />
    protected override string Format(LedgerId value) => value.Value;
}
