using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// Verify's <c>alarms</c> check against the alarms a real moto holds; alarm states are set with CloudWatch's own
/// SetAlarmState (boto3), as an operator or a metric would.
/// </summary>
public sealed class AlarmsCheckTests(HealthyEmulatedStack moto) : IClassFixture<HealthyEmulatedStack>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Alarms_in_OK_or_without_data_pass_and_are_counted()
    {
        var outputs = await moto.CreateAsync();
        await CloudWatchAsync("set_alarm_state", outputs.AlarmNames[0], "OK", "Threshold Crossed: no datapoints were breaching");
        await CloudWatchAsync("set_alarm_state", outputs.AlarmNames[1], "INSUFFICIENT_DATA", "Unchecked: Initial alarm creation");

        var report = await AwsCheckRun.RunAsync(Long, new AlarmsCheck(moto.Clients.CloudWatch, outputs));

        var alarms = report.Result("alarms");
        Assert.Equal(CheckStatus.Pass, alarms.Status);
        Assert.Equal("2 alarms, none in ALARM (1 without data yet)", alarms.Detail);
    }

    [Fact]
    public async Task An_alarm_in_ALARM_fails_at_once_and_quotes_its_reason()
    {
        var outputs = await moto.CreateAsync();
        var firing = outputs.AlarmNames[1];
        await CloudWatchAsync("set_alarm_state", firing, "ALARM", "Threshold Crossed: 3 datapoints were greater than the threshold (80.0)");

        var report = await AwsCheckRun.RunAsync(Long, new AlarmsCheck(moto.Clients.CloudWatch, outputs));

        var alarms = report.Result("alarms");
        Assert.Equal(CheckStatus.Fail, alarms.Status);
        Assert.Equal($"1 of 2 alarms in ALARM ({firing})", alarms.Detail);
        var line = Assert.Single(alarms.Diagnosis);
        Assert.StartsWith($"{firing}: Threshold Crossed: 3 datapoints were greater than the threshold (80.0) (since ", line);
        Assert.EndsWith("— see README.md, Alarms", line);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
        Assert.Equal(VerificationOutcome.Unhealthy, report.Outcome);
    }

    [Fact]
    public async Task An_alarm_deleted_outside_terraform_fails_and_says_to_apply()
    {
        var outputs = await moto.CreateAsync();
        await CloudWatchAsync("delete_alarms", outputs.AlarmNames[0]);

        var report = await AwsCheckRun.RunAsync(Long, new AlarmsCheck(moto.Clients.CloudWatch, outputs));

        var alarms = report.Result("alarms");
        Assert.Equal(CheckStatus.Fail, alarms.Status);
        Assert.Equal($"1 of 2 alarms missing ({outputs.AlarmNames[0]}): they were deleted outside Terraform — run Plan and Apply to recreate them", alarms.Detail);
    }

    [Fact]
    public async Task A_stack_from_before_the_alarms_fails_and_says_to_apply()
    {
        var outputs = await moto.CreateAsync() with { AlarmNames = [], AlarmNamePrefix = null };

        var report = await AwsCheckRun.RunAsync(Long, new AlarmsCheck(moto.Clients.CloudWatch, outputs));

        var alarms = report.Result("alarms");
        Assert.Equal(CheckStatus.Fail, alarms.Status);
        Assert.StartsWith("the stack declares no alarms", alarms.Detail);
    }

    /// <summary>One CloudWatch call through boto3: set_alarm_state NAME STATE REASON, or delete_alarms NAME.</summary>
    private async Task CloudWatchAsync(string operation, params string[] arguments)
    {
        const string script = """
            import sys, boto3
            endpoint, region, operation, *args = sys.argv[1:]
            cw = boto3.client("cloudwatch", endpoint_url=endpoint, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing")
            if operation == "set_alarm_state":
                cw.set_alarm_state(AlarmName=args[0], StateValue=args[1], StateReason=args[2])
            else:
                cw.delete_alarms(AlarmNames=[args[0]])
            """;
        var result = await ExternalProcess.RunAsync("python3",
            ["-c", script, moto.Endpoint.ToString().TrimEnd('/'), EmulatedStack.Region, operation, .. arguments], CommandDeadline.Helper);
        Assert.True(result.ExitCode == 0, $"boto3 {operation} failed ({result.ExitCode}): {result.StandardError}");
    }
}
