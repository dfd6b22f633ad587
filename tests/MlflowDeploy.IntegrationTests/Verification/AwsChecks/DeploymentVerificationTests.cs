using System.Diagnostics;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// The Verify entry point end to end: moto holding the stack (plus the Fargate stand-in), the in-test MLflow
/// double or an <c>mlflow</c> found on a private PATH, and the report files and exit codes that come out.
/// </summary>
public sealed class DeploymentVerificationTests(HealthyEmulatedStack moto) : IClassFixture<HealthyEmulatedStack>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static DeploymentVerificationOptions Options(TimeSpan timeout) => new()
    {
        Runner = AwsCheckRun.Options(timeout) with { Environment = "local" },
    };

    [Fact]
    public async Task A_healthy_stack_and_MLflow_at_the_given_url_exit_0_with_every_check_passing_in_verify_json_and_md()
    {
        var outputs = await moto.CreateAsync();
        await moto.StandInAsync(outputs);
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        using var folder = new TempDirectory();
        var log = new List<string>();

        var report = await DeploymentVerification.RunAsync(outputs,
            Options(TimeSpan.FromMinutes(1)) with { MlflowUrl = mlflow.BaseUrl, SmokeWrite = true, MlflowAvailability = MlflowAvailability.NotServedByEmulator },
            moto.Clients, log.Add, None);
        var files = await report.WriteAsync(new ArtifactLayout(folder.Path));

        Assert.Equal(0, report.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(files.JsonPath));
        Assert.Equal("healthy", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("exitCode").GetInt32());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("status").GetString(), c.GetProperty("detail").GetString()));
        Assert.Equal(["ecs.service", "ecs.tasks", "alb", "logs", "rds", "s3", "alarms", "mlflow.health", "mlflow.api", "mlflow.write"], checks.Keys);
        Assert.All(checks, c => Assert.True(c.Value.Item1 == "pass", $"{c.Key}: {c.Value}"));
        Assert.Contains("MLflow 2.18.0 as deployed", checks["mlflow.health"].Item2);
        var markdown = await File.ReadAllTextAsync(files.MarkdownPath);
        Assert.Contains("## MLflow verification — local: ✅ healthy", markdown);
        Assert.Contains("| `alb` | ✅ pass |", markdown);
        Assert.DoesNotContain("Diagnosis", markdown);
        Assert.Contains($"checking MLflow at {mlflow.BaseUrl}", log);
    }

    [Fact]
    public async Task In_the_emulator_without_mlflow_on_PATH_the_MLflow_checks_are_skipped_with_the_reason_never_passed()
    {
        var outputs = await moto.CreateAsync();
        await moto.StandInAsync(outputs);
        using var emptyPath = new TempDirectory();

        var report = await DeploymentVerification.RunAsync(outputs,
            Options(TimeSpan.FromMinutes(1)) with { MlflowAvailability = MlflowAvailability.NotServedByEmulator, SearchPath = emptyPath.Path, SmokeWrite = true },
            moto.Clients, null, None);

        var mlflowChecks = report.Checks.Where(c => c.Name.StartsWith("mlflow.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, mlflowChecks.Count);
        Assert.All(mlflowChecks, c => Assert.Equal((CheckStatus.Skip, DeploymentVerification.EmulatorSkipReason), (c.Status, c.Detail)));
        Assert.All(report.Checks.Except(mlflowChecks), c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("\"status\": \"skip\"", report.ToJson());
    }

    [Fact]
    public async Task In_the_emulator_an_mlflow_on_PATH_is_started_checked_and_stopped_leaving_no_process()
    {
        var outputs = await moto.CreateAsync();
        await moto.StandInAsync(outputs);
        using var bin = new TempDirectory();
        var pidFile = Path.Combine(bin.Path, "mlflow.pid");
        var argsFile = Path.Combine(bin.Path, "mlflow.args");
        var fake = bin.Write("mlflow", FakeMlflow.Script(pidFile, argsFile));
        Assert.False(OperatingSystem.IsWindows(), "the fake mlflow is a Python script run through its #! line");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var log = new List<string>();

        var report = await DeploymentVerification.RunAsync(outputs,
            Options(TimeSpan.FromMinutes(1)) with { MlflowAvailability = MlflowAvailability.NotServedByEmulator, SearchPath = bin.Path },
            moto.Clients, log.Add, None);

        Assert.True(report.ExitCode == 0, string.Join("\n", report.Checks.Select(c => $"{c.Name} {c.Status} {c.Detail}")));
        Assert.Equal(CheckStatus.Pass, report.Result("mlflow.health").Status);
        Assert.Contains("(no expected version given)", report.Result("mlflow.health").Detail);
        Assert.Equal(CheckStatus.Pass, report.Result("mlflow.api").Status);
        var arguments = await File.ReadAllLinesAsync(argsFile);
        Assert.Equal("server", arguments[0]);
        Assert.Matches(@"^--backend-store-uri sqlite:////.+/mlflow\.db --host 127\.0\.0\.1 --port \d+ --serve-artifacts --artifacts-destination /.+/artifacts$", string.Join(' ', arguments[1..]));
        Assert.Contains(log, l => l.StartsWith("started a local mlflow server", StringComparison.Ordinal));
        Assert.Contains("local mlflow server stopped", log);
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile));
        Assert.False(IsAlive(pid), $"the local mlflow (pid {pid}) is still running after Verify");
    }

    [Fact]
    public async Task Error_lines_in_the_logs_make_verify_exit_1_with_the_lines_quoted_in_the_diagnosis()
    {
        var outputs = await moto.CreateAsync();
        var (tasks, _) = await moto.StandInAsync(outputs);
        await moto.Clients.Logs.PutLogEventsAsync(outputs.LogGroupName, tasks[1].LogStreamName,
            [new LogEvent(DateTimeOffset.UtcNow, "[2026-11-27 10:00:00 +0000] [7] [ERROR] Worker failed to boot.")], None);
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");

        var report = await DeploymentVerification.RunAsync(outputs, Options(TimeSpan.FromMinutes(1)) with { MlflowUrl = mlflow.BaseUrl }, moto.Clients, null, None);

        Assert.Equal(1, report.ExitCode);
        Assert.Equal("unhealthy", report.OutcomeText);
        Assert.Equal(CheckStatus.Fail, report.Result("logs").Status);
        var markdown = report.ToMarkdown();
        Assert.Contains("#### `logs` — ❌ fail", markdown);
        Assert.Contains($"{tasks[1].LogStreamName}: [2026-11-27 10:00:00 +0000] [7] [ERROR] Worker failed to boot.", markdown);
    }

    [Fact]
    public async Task Unreachable_AWS_makes_verify_exit_2_could_not_run()
    {
        var outputs = await moto.CreateAsync();
        var closed = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" };
        using var unreachable = AwsClients.Create(new AwsCredentials("testing", "testing"), EmulatedStack.Region, closed.GetValueOrDefault,
            new AwsRetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2)));
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");

        var report = await DeploymentVerification.RunAsync(outputs, Options(TimeSpan.FromMinutes(1)) with { MlflowUrl = mlflow.BaseUrl }, unreachable, null, None);

        Assert.Equal(2, report.ExitCode);
        Assert.Equal("could-not-run", report.OutcomeText);
        Assert.StartsWith("could not reach ecs for DescribeServices after 2 attempts", report.Result("ecs.service").Detail);
    }

    /// <summary>
    /// The suite's one end-to-end timing test, on the real clock: everything real (moto, the stand-in, the MLflow
    /// double over HTTP, the runner) and a bound a tenth of the deadline, far above the few seconds it takes.
    /// </summary>
    [Fact]
    public async Task A_failed_rollout_is_reported_long_before_the_deadline_even_though_tasks_targets_and_logs_would_wait()
    {
        // The service runs revision 1 while Terraform applied 2: ECS rolled back. No tasks, targets or logs exist.
        var outputs = await moto.CreateAsync(serviceRevision: 1, appliedRevision: 2);
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        mlflow.Faults.UnavailableForever = true;
        var deadline = TimeSpan.FromMinutes(10);

        var report = await DeploymentVerification.RunAsync(outputs, Options(deadline) with { MlflowUrl = mlflow.BaseUrl }, moto.Clients, null, None);

        Assert.True(report.Duration < deadline / 10, $"Verify took {report.Duration} of its {deadline} to report a failed rollout");
        Assert.Equal(1, report.ExitCode);
        Assert.StartsWith("rolled back: the PRIMARY deployment runs", report.Result("ecs.service").Detail);
        foreach (var name in new[] { "ecs.tasks", "alb", "logs", "mlflow.health" })
        {
            var check = report.Result(name);
            Assert.Equal(CheckStatus.Fail, check.Status);
            Assert.Contains("not waiting longer: ecs.service found rolled back", check.Detail);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
