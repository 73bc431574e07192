using CommunityFund.Api.Imports.Statements;

namespace CommunityFund.Api.Apis;

/// <summary>The text encoding of a bank's statement file.</summary>
public enum StatementEncoding
{
    /// <summary>UTF-8.</summary>
    Utf8 = 1,

    /// <summary>GBK (code page 936), as many Chinese banks export.</summary>
    Gbk = 2,
}

/// <summary>The wire names of the statement enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<BankFileEncoding, StatementEncoding> StatementEncodingMap = new(
        (BankFileEncoding.Utf8, StatementEncoding.Utf8),
        (BankFileEncoding.Gbk, StatementEncoding.Gbk));

    /// <summary>The wire name of a <see cref="BankFileEncoding"/>.</summary>
    public static StatementEncoding ToWire(this BankFileEncoding value) => StatementEncodingMap.ToWire(value);

    /// <summary>The reader's <see cref="BankFileEncoding"/> for a wire name.</summary>
    public static BankFileEncoding ToCore(this StatementEncoding value) => StatementEncodingMap.ToCore(value);
}
