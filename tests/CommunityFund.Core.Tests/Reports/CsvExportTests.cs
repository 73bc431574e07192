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
    public void Field_IsQuotedOnlyWhenItMustBe(string field, string expected) => Assert.Equal(expected, CsvExports.Field(field));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("+1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("-cmd")]
    public void Field_ThatASpreadsheetWouldRunAsAFormula_IsDefused(string field) => Assert.StartsWith("'", CsvExports.Field(field).TrimStart('"'), StringComparison.Ordinal);

    [Fact]
    public void Encoding_WritesAByteOrderMark() => Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, CsvExports.Encoding.GetPreamble());
}
