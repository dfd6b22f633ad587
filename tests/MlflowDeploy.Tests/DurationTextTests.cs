using System.Globalization;

namespace MlflowDeploy.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0 ms")]
    [InlineData(200, "200 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1_000, "1 s")]
    [InlineData(4_200, "4.2 s")]
    [InlineData(59_900, "59.9 s")]
    [InlineData(60_000, "1m 00s")]
    [InlineData(185_000, "3m 05s")]
    [InlineData(2_700_000, "45m 00s")]
    public void Human_picks_the_unit_a_person_reads_fastest(int milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Human(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void A_negative_span_reads_as_zero() => Assert.Equal("0 ms", DurationText.Human(TimeSpan.FromMilliseconds(-5)));

    [Theory]
    [InlineData(42, "0:42")]
    [InlineData(600, "10:00")]
    [InlineData(3_725, "62:05")]
    public void Clock_is_minutes_and_seconds(int seconds, string expected) =>
        Assert.Equal(expected, DurationText.Clock(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_decimal_point_does_not_follow_the_runner_s_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("4.2 s", DurationText.Human(TimeSpan.FromMilliseconds(4_200)));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
