using MlflowDeploy.Preflight;

namespace MlflowDeploy.Tests;

public sealed class CheckStatusTextTests
{
    [Theory]
    [InlineData(CheckStatus.Pass, "pass", "✔", "✅ pass")]
    [InlineData(CheckStatus.Warn, "warn", "⚠", "⚠️ warn")]
    [InlineData(CheckStatus.Fail, "fail", "✖", "❌ fail")]
    [InlineData(CheckStatus.Skip, "skip", "–", "⏭️ skip")]
    public void Every_status_has_a_word_a_mark_and_a_badge(CheckStatus status, string word, string mark, string badge) =>
        Assert.Equal((word, mark, badge), (CheckStatusText.Of(status), CheckStatusText.Mark(status), CheckStatusText.Badge(status)));

    [Fact]
    public void Validate_lines_open_with_the_status_mark()
    {
        Assert.Equal("✔ region name: eu-west-2", PreflightResult.Pass("region name", "eu-west-2").Line);
        Assert.Equal("✖ region name: 'eu-west-9' is not a region", PreflightResult.Fail("region name", "'eu-west-9' is not a region").Line);
        Assert.Equal("– state bucket: skipped: local state", PreflightResult.Skip("state bucket", "local state").Line);
    }
}
