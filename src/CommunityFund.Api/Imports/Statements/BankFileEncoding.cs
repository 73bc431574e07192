namespace CommunityFund.Api.Imports.Statements;

/// <summary>The text encoding of a bank statement file.</summary>
public enum BankFileEncoding
{
    /// <summary>UTF-8 (a byte-order mark is skipped).</summary>
    Utf8 = 1,

    /// <summary>GBK (code page 936), as Chinese banks' exports often are.</summary>
    Gbk = 2,
}
