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

    [Fact]
    public void Rollback_applies_unless_plan_only_is_given()
    {
        Assert.False(Parse(target: "Rollback").PlanOnly);
        Assert.True(PipelineParameters.Parse("/repo", "Rollback", "staging", null, null, null, false, false, null, null, planOnly: true).PlanOnly);
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

public sealed class DayTwoParametersTests
{
    private static PipelineParameters Parse(
        IEnumerable<string>? vars = null, string? since = null, string? snapshot = null, string? timeout = null, string? task = null) =>
        PipelineParameters.Parse("/repo", "Plan", "local", null, null, timeout, false, false, null, null,
            vars: vars, since: since, snapshot: snapshot, task: task);

    [Fact]
    public void Var_overrides_keep_every_character_after_the_first_equals_sign_in_order()
    {
        var parameters = Parse(vars: ["desired_count=4", "alb_ingress_cidrs=[\"10.0.0.0/8\"]", "mlflow_hostname=", "tags={a=\"b=c\"}"]);

        Assert.Equal(
            [("desired_count", "4"), ("alb_ingress_cidrs", "[\"10.0.0.0/8\"]"), ("mlflow_hostname", ""), ("tags", "{a=\"b=c\"}")],
            parameters.VarOverrides.Select(v => (v.Name, v.Value)));
    }

    [Theory]
    [InlineData("desired_count")]
    [InlineData("=4")]
    [InlineData("desired count=4")]
    [InlineData("4desired=4")]
    public void A_var_that_is_not_name_equals_value_is_one_line(string text)
    {
        var error = Assert.Throws<ActionableError>(() => Parse(vars: [text]));

        Assert.Contains("is not name=value — pass e.g. --var=desired_count=4", error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_malformed_var_never_echoes_its_value()
    {
        var error = Assert.Throws<ActionableError>(() => Parse(vars: [$"db password={Review.PlanFixtures.Sentinel}"]));

        Assert.DoesNotContain(Review.PlanFixtures.Sentinel, error.Message);
        Assert.StartsWith("--var='db password=…' is not name=value", error.Message);
    }

    [Fact]
    public void A_var_override_shows_its_name_only()
    {
        var parameters = Parse(vars: [$"db_password={Review.PlanFixtures.Sentinel}"]);

        Assert.Equal("db_password", parameters.VarOverrides.Single().ToString());
    }

    [Fact]
    public void Logs_read_ten_minutes_back_and_a_snapshot_waits_thirty_unless_told()
    {
        var defaults = Parse();
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.LogsSince);
        Assert.Equal(TimeSpan.FromMinutes(30), defaults.SnapshotTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.VerifyTimeout);

        var given = Parse(since: "2h", timeout: "45m", task: " 0f1e2d3c ");
        Assert.Equal(TimeSpan.FromHours(2), given.LogsSince);
        Assert.Equal(TimeSpan.FromMinutes(45), given.SnapshotTimeout);
        Assert.Equal("0f1e2d3c", given.TaskId);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2d")]
    [InlineData("25h")]
    public void A_bad_since_is_one_line(string since)
    {
        var error = Assert.Throws<ActionableError>(() => Parse(since: since));

        Assert.StartsWith($"--since='{since}' is not a duration", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void An_empty_snapshot_is_one_line() =>
        Assert.StartsWith("--snapshot is empty", Assert.Throws<ActionableError>(() => Parse(snapshot: " ")).Message);
}
