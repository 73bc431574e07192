using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>An account register in pages: 'limit' and 'after', and the Link header to the next page.</summary>
public sealed class RegisterPagingTests : IDisposable
{
    private const string Register = "/ledgers/demo/entities/elder-care/register?account=1002.01";
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task FollowingTheNextLinks_GivesEveryLineOnce_EachPageOpeningWhereTheLastClosed()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var whole = await (await admin.GetAsync(Register)).JsonAsync();

        var lines = new List<string>();
        var opening = whole.GetProperty("opening").GetRawText();
        for (var next = Register + "&limit=1"; next is not null;)
        {
            var response = await admin.GetAsync(next);
            var page = await response.JsonAsync();
            Assert.Equal(opening, page.GetProperty("opening").GetRawText());
            lines.AddRange(page.GetProperty("lines").EnumerateArray().Select(l => l.GetRawText()));
            opening = page.GetProperty("closing").GetRawText();
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        Assert.True(whole.GetProperty("lines").GetArrayLength() > 1);
        Assert.Equal(whole.GetProperty("lines").EnumerateArray().Select(l => l.GetRawText()), lines);
        Assert.Equal(whole.GetProperty("closing").GetRawText(), opening);
    }

    [Theory]
    [InlineData("&limit=0", "limit")]
    [InlineData("&limit=1001", "limit")]
    [InlineData("&limit=5&after=yesterday", "after")]
    public async Task ALimitOutOfRangeOrACursorThatIsNotOne_Is400NamingIt(string query, string field)
    {
        var response = await _app.Client(ApiApplication.Admin).GetAsync(Register + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out JsonElement _));
    }
}
