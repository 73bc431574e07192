using CommunityFund.Utility;

namespace CommunityFund.Tests.Utility;

public class ControlCharactersTests
{
    [Fact]
    public void EveryCharacter_IsAControlCharacterExactlyWhenCharIsControlSaysSo()
    {
        for (var c = char.MinValue; ; c++)
        {
            Assert.True(ControlCharacters.In([c]) == char.IsControl(c), $"U+{(int)c:X4}");
            Assert.True(ControlCharacters.OtherThanLineFeedIn([c]) == (char.IsControl(c) && c != '\n'), $"U+{(int)c:X4} (other than a line feed)");
            if (c == char.MaxValue)
            {
                break;
            }
        }
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("elder-meals 长者", false)]
    [InlineData("line\nbreak", true)]
    [InlineData("ends with \u0085", true)]
    public void AText_HasAControlCharacter_WhereverItIs(string text, bool expected) =>
        Assert.Equal(expected, ControlCharacters.In(text));

    [Theory]
    [InlineData("line\nbreak", false)]
    [InlineData("line\r\nbreak", true)]
    [InlineData("tab\there", true)]
    public void AMemo_MayHaveLineFeeds_ButNoOtherControlCharacter(string text, bool expected) =>
        Assert.Equal(expected, ControlCharacters.OtherThanLineFeedIn(text));
}
