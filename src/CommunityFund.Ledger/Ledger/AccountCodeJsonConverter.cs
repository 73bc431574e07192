using CommunityFund.Serialization;

namespace CommunityFund.Ledger;

/// <summary>Writes an <see cref="AccountCode"/> as its text.</summary>
public sealed class AccountCodeJsonConverter : StringValueJsonConverter<AccountCode>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out AccountCode value) => AccountCode.TryParse(text, out value);

    /// <inheritdoc />
    protected override string Format(AccountCode value) => value.Value;
}
