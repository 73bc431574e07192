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
}
