using CommunityFund.Reports;

namespace CommunityFund.Tests.Reports;

public class CsvExportTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("社区基金专户", "社区基金专户")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("-100.00", "-100.00")]
    [InlineData("-7", "-7")]
    [InlineData("2026-04-02", "2026-04-02")]
    public void Field_IsQuotedOnlyWhenItMustBe(string field, string expected) => Assert.Equal(expected, CsvExports.Field(field));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("+1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("-cmd")]
    [InlineData("-1+1+cmd|' /C calc'!A0")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    [InlineData("+100")]
    [InlineData("-1.")]
    [InlineData("-.5")]
    public void Field_ThatASpreadsheetWouldRunAsAFormula_IsDefused(string field) => Assert.StartsWith("'", CsvExports.Field(field).TrimStart('"'), StringComparison.Ordinal);

    [Fact]
    public void Encoding_WritesAByteOrderMark() => Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, CsvExports.Encoding.GetPreamble());
}
