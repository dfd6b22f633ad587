namespace MlflowDeploy.Tests.Pipeline;

public sealed class PipelineParametersTests
{
    private static PipelineParameters Parse(
        string target = "Rehearse", string? mlflowUrl = null, string? timeout = null, string? pr = null, bool smokeWrite = false) =>
        PipelineParameters.Parse("/repo", target, "local", null, mlflowUrl, timeout, smokeWrite, false, null, pr);

    [Fact]
    public void Defaults_are_the_local_rehearsal_and_a_ten_minute_verify()
    {
        var parameters = Parse();

        Assert.Equal("Rehearse", parameters.Target);
        Assert.Equal("local", parameters.Environment);
        Assert.Equal(TimeSpan.FromMinutes(10), parameters.VerifyTimeout);
    }

    [Fact]
    public void Smoke_write_is_what_the_flag_says_whatever_the_target()
    {
        // The rehearsal's own smoke write comes from RehearsalPolicy, never from the target's name.
        Assert.False(Parse(target: "Rehearse").SmokeWrite);
        Assert.False(Parse(target: "Verify").SmokeWrite);
        Assert.True(Parse(target: "Verify", smokeWrite: true).SmokeWrite);
        Assert.True(Stages.RehearsalPolicy.Rehearsal.SmokeWrite);
        Assert.False(Stages.RehearsalPolicy.SingleStage.SmokeWrite);
    }

    [Theory]
    [InlineData("600", 600)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    public void Timeouts_take_seconds_or_a_unit(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(timeout: text).VerifyTimeout);

    [Theory]
    [InlineData("ten", "--timeout='ten' is not a duration")]
    [InlineData("-5", "--timeout='-5' is not a duration")]
    [InlineData("5d", "--timeout='5d' is not a duration")]
    public void A_bad_timeout_is_one_line(string text, string expected)
    {
        var error = Assert.Throws<ActionableError>(() => Parse(timeout: text));
        Assert.StartsWith(expected, error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("not a url")]
    public void A_bad_mlflow_url_is_one_line(string url) =>
        Assert.StartsWith($"--mlflow-url='{url}' is not an http(s) URL", Assert.Throws<ActionableError>(() => Parse(mlflowUrl: url)).Message);

    [Fact]
    public void A_bad_pull_request_number_is_one_line() =>
        Assert.StartsWith("--pr='abc' is not a pull request number", Assert.Throws<ActionableError>(() => Parse(pr: "abc")).Message);
}
