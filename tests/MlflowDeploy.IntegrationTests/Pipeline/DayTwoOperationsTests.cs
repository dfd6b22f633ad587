using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// The day-2 tasks end to end, each one build of the real build.sh against one applied stack in moto: Status (text
/// and --json), Logs (--since, --filter, --task, and --follow ended by Ctrl-C with exit 0), Snapshot then
/// Restore --snapshot (a reviewed plan that Apply refuses without --allow-data-loss), and --var on Plan.
/// </summary>
public sealed class DayTwoOperationsTests(AppliedAccountStack stack) : IClassFixture<AppliedAccountStack>
{
    private const string TaskA = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string TaskB = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    [Fact]
    public async Task Status_shows_the_applied_stack_on_one_screen_and_as_json()
    {
        var status = await stack.BuildAsync("--target=Status", "--json");

        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains($"{stack.Stack} · {stack.EnvironmentName} ({AppliedAccountStack.Region})", status.Output);
        Assert.Matches(@"✓ service\s+\S+: 2 desired · 2 running · 0 pending", status.Output);
        Assert.Matches(@"database\s+\S+: available", status.Output);
        // Apply recorded the deploy on the service; Status reads it back.
        Assert.Matches(@"· deploy\s+commit \S+ · applied \d{4}-\d\d-\d\d", status.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(stack.Artifacts, "status.json")));
        var root = json.RootElement;
        Assert.Equal(stack.EnvironmentName, root.GetProperty("environment").GetString());
        Assert.Equal(2, root.GetProperty("service").GetProperty("running").GetInt32());
        Assert.Equal("available", root.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(64, root.GetProperty("last_deploy").GetProperty("plan_sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Logs_reads_back_by_time_filter_and_task()
    {
        var now = DateTimeOffset.UtcNow;
        await WriteAsync(TaskA, new LogEvent(now.AddMinutes(-30), "[INFO] too old for the default ten minutes"),
            new LogEvent(now.AddMinutes(-2), "[INFO] Booting worker with pid: 8"),
            new LogEvent(now.AddMinutes(-1), "[ERROR] Exception in worker process"));
        await WriteAsync(TaskB, new LogEvent(now.AddMinutes(-1), "[INFO] other task listening"));

        var recent = await stack.BuildAsync("--target=Logs");
        Assert.True(recent.ExitCode == 0, recent.All);
        Assert.Contains("Booting worker with pid: 8", recent.Output);
        Assert.Contains("other task listening", recent.Output);
        Assert.DoesNotContain("too old for the default", recent.Output);

        var hour = await stack.BuildAsync("--target=Logs", "--since=1h", "--filter=ERROR");
        Assert.True(hour.ExitCode == 0, hour.All);
        Assert.Contains($"{TaskA[..12]} [ERROR] Exception in worker process", hour.Output);
        Assert.DoesNotContain("Booting worker", hour.Output);
        Assert.DoesNotContain("other task listening", hour.Output);

        var task = await stack.BuildAsync("--target=Logs", "--since=1h", $"--task={TaskB[..8]}");
        Assert.True(task.ExitCode == 0, task.All);
        Assert.Contains("other task listening", task.Output);
        Assert.DoesNotContain("Exception in worker process", task.Output);
    }

    [Fact]
    public async Task Logs_follow_prints_new_lines_and_ends_with_exit_0_on_ctrl_c()
    {
        // Ctrl-C reaches a foreground build whose SIGINT is at its default. A test runner started in the background
        // (`nohup … &`) passes SIGINT on ignored, and an ignored SIGINT stays ignored across exec, so the build
        // would never see it: env restores the default before build.sh starts.
        var info = new ProcessStartInfo("env", ["--default-signal=INT", Path.Combine(stack.Repository, "build.sh")])
        {
            WorkingDirectory = stack.Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--target=Logs", "--follow", $"--environment={stack.EnvironmentName}" })
            info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in stack.Account)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        using var build = Process.Start(info)!;
        var output = new StringBuilder();
        var following = new TaskCompletionSource();
        var printed = new TaskCompletionSource();
        var marker = $"followed line {Guid.NewGuid():N}";
        var reader = Task.Run(async () =>
        {
            while (await build.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (output)
                    output.AppendLine(line);
                if (line.Contains("following, Ctrl-C to stop", StringComparison.Ordinal))
                    following.TrySetResult();
                if (line.Contains(marker, StringComparison.Ordinal))
                    printed.TrySetResult();
            }
        });
        var errors = build.StandardError.ReadToEndAsync();

        try
        {
            await following.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await WriteAsync(TaskA, new LogEvent(DateTimeOffset.UtcNow, $"[WARNING] {marker}"));
            // The tail polls at most every 10 s; a minute is its bound with room for a loaded machine.
            await printed.Task.WaitAsync(TimeSpan.FromMinutes(1));
            ProcessProbe.Signal(build.Id, "INT");
            try
            {
                await build.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                // Say what the build was doing a minute after Ctrl-C, and what it had printed, not only that it hung.
                var snapshot = ProcessProbe.Snapshot(build.Id);
                string printedSoFar;
                lock (output)
                    printedSoFar = output.ToString();
                Assert.Fail($"build.sh had not exited a minute after SIGINT\n{snapshot}\n--- output\n{printedSoFar}");
            }
        }
        finally
        {
            if (!build.HasExited)
                build.Kill(entireProcessTree: true);
        }

        await reader;
        var all = output + await errors;
        Assert.True(build.ExitCode == 0, all);
        Assert.Contains("stopped following:", all);
        Assert.DoesNotContain("✖", all);
    }

    [Fact]
    public async Task Snapshot_then_restore_plans_the_replacement_that_apply_refuses_without_allow_data_loss()
    {
        var snapshot = await stack.BuildAsync("--target=Snapshot", "--timeout=5m");
        Assert.True(snapshot.ExitCode == 0, snapshot.All);
        var id = Regex.Match(snapshot.Output, @"--snapshot=(\S+)").Groups[1].Value;
        Assert.StartsWith($"{stack.Stack}-{stack.EnvironmentName}-", id);
        Assert.Contains($"snapshot {id} is available", snapshot.Output);
        var taken = await stack.Aws.Rds.DescribeDbSnapshotAsync(id, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.True(taken.IsAvailable);

        var restore = await stack.BuildAsync("--target=Restore", $"--snapshot={id}");
        Assert.True(restore.ExitCode == 0, restore.All);
        Assert.Contains("aws_db_instance.mlflow", restore.Output);
        var summary = File.ReadAllText(Path.Combine(stack.Artifacts, "plan-summary.md"));
        Assert.Contains("aws_db_instance.mlflow", summary);
        Assert.Contains(id, summary); // the reviewed plan names the snapshot it restores
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(stack.Artifacts, "restore.json"))))
            Assert.Contains(id, record.RootElement.GetRawText());

        var refused = await stack.BuildAsync("--target=Apply");
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains("aws_db_instance.mlflow", line);
        Assert.Contains("--allow-data-loss", line);
        Assert.DoesNotContain("Apply complete", refused.Output);
    }

    [Fact]
    public async Task A_var_on_plan_is_in_the_plan_and_its_summary()
    {
        var plan = await stack.BuildAsync("--target=Plan", "--var=desired_count=3");

        Assert.True(plan.ExitCode == 0, plan.All);
        Assert.Contains("aws_ecs_service.mlflow", plan.Output);
        var summary = File.ReadAllText(Path.Combine(stack.Artifacts, "plan-summary.md"));
        Assert.Contains("**Overrides** (this plan only, on top of the tfvars): `desired_count=3`", summary);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(stack.Artifacts, "plan-summary.json")));
        Assert.Contains("desired_count", json.RootElement.GetProperty("overrides").GetRawText());
        var manifest = File.ReadAllText(Directory.GetFiles(stack.Artifacts, "*.manifest.json").Single(f => Path.GetFileName(f) == "plan.manifest.json"));
        Assert.Contains("desired_count", manifest);
        Assert.DoesNotContain("desired_count=3", manifest); // names only: values never reach the manifest
    }

    private Task WriteAsync(string taskId, params LogEvent[] events) =>
        WriteStreamAsync($"mlflow/mlflow/{taskId}", events);

    private async Task WriteStreamAsync(string stream, IReadOnlyList<LogEvent> events)
    {
        // What the awslogs driver of a running task would write.
        await stack.Aws.Logs.CreateLogStreamAsync(stack.LogGroup, stream, CancellationToken.None);
        await stack.Aws.Logs.PutLogEventsAsync(stack.LogGroup, stream, events, CancellationToken.None);
    }
}
