using System.Text.Json;
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

/// <summary>Writes an <see cref="EntityId"/> as its slug.</summary>
public sealed class EntityIdJsonConverter : StringValueJsonConverter<EntityId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out EntityId value) => EntityId.TryFrom(text, out value);

    /// <inheritdoc />
    protected override string Format(EntityId value) => value.Value;
}

/// <summary>Writes a <see cref="LedgerId"/> as its slug.</summary>
public sealed class LedgerIdJsonConverter : StringValueJsonConverter<LedgerId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out LedgerId value) => LedgerId.TryFrom(text, out value);

    /// <inheritdoc />
    protected override string Format(LedgerId value) => value.Value;
}

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
