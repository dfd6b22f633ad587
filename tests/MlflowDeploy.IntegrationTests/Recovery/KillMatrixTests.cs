using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MlflowDeploy.Tests.Pipeline;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Recovery;

/// <summary>
/// The kill matrix (issue 16) against one real moto kept outside the runs (MLFLOW_DEPLOY_EMULATOR_URL), so that what an
/// interrupted run leaves can be read afterwards. SIGTERM goes to <c>build.sh</c> as a cancelled workflow sends it, at
/// three points, each once AWS has taken the call and terraform is waiting on it: the database create, the ECS service
/// create, and the database delete of a Destroy. Each time: exit 130, a last line saying how terraform stopped and
/// what may be left, the operation listed, no lock and no process left; the next Validate sees whatever exists outside
/// the state with its import command; the printed imports adopt it, and the next run converges with one of each.
/// The three points run in order on one stack: each recovery is the next point's apply, so the matrix costs three
/// applies and two destroys, not six.
/// </summary>
public sealed class KillMatrixTests(ITestOutputHelper output)
{
    private const string Environment = "local-kill";
    private const string StateKey = "mlflow-deploy/local-kill/terraform.tfstate";
    private const string Database = "aws_db_instance.mlflow";
    private const string Service = "aws_ecs_service.mlflow";

    private readonly List<string> _matrix = [];

    [Fact]
    public async Task Sigterm_during_the_database_create_the_service_create_and_the_destroy_leaves_nothing_unseen_and_the_next_run_converges()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            using var repository = new RepositoryCopy();
            using var environment = new TemporaryEnvironment(Environment, new Dictionary<string, string>(), repository.Path);
            var runs = new Runs(repository.Path, moto, output);

            var plan = await runs.BuildAsync("--target=Plan");
            Assert.True(plan.ExitCode == 0, plan.All);

            var databaseTainted = await DatabaseCreateAsync(runs, moto);
            await ServiceCreateAsync(runs, moto, databaseTainted);
            await DestroyAsync(runs, moto);
        }
        finally
        {
            output.WriteLine("kill matrix (point | the interrupted run | what the next run saw | what was left):");
            foreach (var row in _matrix)
            {
                output.WriteLine("  " + row);
            }

            await moto.DisposeAsync();
        }
    }

    /// <summary>SIGTERM once moto holds the instance and terraform waits for it to become available.</summary>
    private async Task<bool> DatabaseCreateAsync(Runs runs, MotoServer moto)
    {
        var interrupted = await runs.InterruptAsync(
            ["--target=Apply"], $"{Database}: Creating...", async () => (await DatabasesAsync(moto)).Count == 1);
        var stopped = AssertStoppedCleanly(interrupted, runs, $"{Database}: create");
        await AssertNoLockAsync(moto);

        var state = await StateAsync(moto);
        var inState = state.TryGetValue(Database, out var status);
        var validate = await runs.BuildAsync("--target=Validate");
        var databases = await DatabasesAsync(moto);
        Assert.Single(databases);
        string seen;
        if (inState)
        {
            // In the state (tainted when its create was cut short): nothing outside it, Validate passes.
            Assert.True(validate.ExitCode == 0, validate.All);
            Assert.DoesNotContain($"'{Database}'", validate.Output, StringComparison.Ordinal);
            seen = $"the instance in the state ({status ?? "not tainted"}); Validate passed, nothing outside the state";
        }
        else
        {
            // The next apply would create the same identifier again, and AWS would refuse it: Validate fails naming it.
            Assert.True(validate.ExitCode != 0, validate.All);
            Assert.Contains($"{Database} ({databases[0]})", validate.Error, StringComparison.Ordinal);
            seen = "the instance outside the state: Validate failed naming it, with its import command";
        }

        var imported = await runs.ImportAsync(validate);
        Assert.Equal(inState ? 0 : 1, imported.Count(i => i.StartsWith(Database, StringComparison.Ordinal)));

        var replan = await runs.BuildAsync("--target=Plan");
        Assert.True(replan.ExitCode == 0, replan.All);
        Assert.DoesNotMatch(PlannedCreate(Database), replan.Output);
        var summary = PlanSummary(replan.Output);

        _matrix.Add($"apply, database create (after RDS took the call, while terraform waited) | {stopped} | {seen}; imports run: {imported.Count}; "
            + $"next Plan: {summary}, no second instance | 1 instance; no lock; no process");
        return status == "tainted";
    }

    /// <summary>The recovery's apply, stopped at the service create once ECS holds the service.</summary>
    private async Task ServiceCreateAsync(Runs runs, MotoServer moto, bool databaseTainted)
    {
        var gate = string.Empty;
        if (databaseTainted)
        {
            // The plan replaces the tainted instance; the data-loss gate cannot tell it from a live one and refuses in one line.
            var refused = await runs.BuildAsync("--target=Apply");
            Assert.True(refused.ExitCode != 0, refused.All);
            Assert.Contains(Database, refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.All, StringComparison.Ordinal);
            gate = $"; the Apply before it refused (exit {refused.ExitCode}) to replace the tainted instance without --allow-data-loss";
        }

        string[] apply = databaseTainted ? ["--target=Apply", "--allow-data-loss"] : ["--target=Apply"];
        // moto answers CreateService at once, so the signal would land after it: the emulator is held (SIGSTOP) from the
        // line on, as a slow AWS would be, and let go once the run has sent terraform its SIGINT.
        var interrupted = await runs.InterruptAsync(apply, $"{Service}: Creating...", holdEmulator: true);
        var stopped = AssertStoppedCleanly(interrupted, runs, $"{Service}: create");
        await AssertNoLockAsync(moto);
        Assert.Single(await DatabasesAsync(moto));

        var state = await StateAsync(moto);
        var inState = state.TryGetValue(Service, out var status);
        var validate = await runs.BuildAsync("--target=Validate");
        var services = await ServicesAsync(moto);
        Assert.Single(services);
        Assert.True(validate.ExitCode == 0, validate.All);
        if (!inState)
        {
            // ECS returns the existing service for the same name, so it only warns; the import adopts it.
            Assert.Contains(services[0], validate.Output, StringComparison.Ordinal);
        }

        var imported = await runs.ImportAsync(validate);
        Assert.Equal(inState ? 0 : 1, imported.Count(i => i.StartsWith(Service, StringComparison.Ordinal)));

        var replan = await runs.BuildAsync("--target=Plan");
        Assert.True(replan.ExitCode == 0, replan.All);
        Assert.DoesNotMatch(PlannedCreate(Service), replan.Output);
        Assert.DoesNotMatch(PlannedCreate(Database), replan.Output);
        var summary = PlanSummary(replan.Output);

        // Apply ends with the clean-plan check: converged means the plan after it is empty.
        var reapply = await runs.BuildAsync("--target=Apply");
        Assert.True(reapply.ExitCode == 0, reapply.All);
        Assert.Single(await DatabasesAsync(moto));
        Assert.Single(await ServicesAsync(moto));

        _matrix.Add($"apply, service create (the emulator held from the line until terraform had its SIGINT){gate} | {stopped} | "
            + $"the service {(inState ? $"in the state ({status ?? "not tainted"})" : "outside the state, listed by Validate (a warning)")}; Validate exit {validate.ExitCode}; imports run: {imported.Count}; "
            + $"next Plan: {summary}, no second service or database | 1 service, 1 database; no lock; no process; the next Apply converged (clean plan after it)");
    }

    private static System.Text.RegularExpressions.Regex PlannedCreate(string address) =>
        new($@"^\s*\+\s+{System.Text.RegularExpressions.Regex.Escape(address)}\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);

    private static string PlanSummary(string output) =>
        output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith($"{Environment}: Plan:", StringComparison.Ordinal))[(Environment.Length + 2)..];

    /// <summary>SIGTERM once RDS has deleted the instance and terraform waits for the deletion.</summary>
    private async Task DestroyAsync(Runs runs, MotoServer moto)
    {
        var interrupted = await runs.InterruptAsync(["--target=Destroy"], $"{Database}: Destroying...", async () => (await DatabasesAsync(moto)).Count == 0);
        var stopped = AssertStoppedCleanly(interrupted, runs, $"{Database}: delete");
        await AssertNoLockAsync(moto);

        var state = await StateAsync(moto);
        var left = state.Count;
        Assert.NotEqual(0, left);
        var validate = await runs.BuildAsync("--target=Validate");
        Assert.True(validate.ExitCode == 0, validate.All);
        Assert.DoesNotContain(" terraform -chdir=infra import ", validate.Output, StringComparison.Ordinal);

        _matrix.Add($"destroy, database delete (after RDS deleted it, while terraform waited) | {stopped} | "
            + $"{left} resource(s) still in the state{(state.TryGetValue(Database, out var status) ? $", {Database} among them ({status ?? "not tainted"})" : string.Empty)}; Validate passed, nothing outside the state | "
            + "the rest of the stack, in the state; no lock; no process");

        var again = await runs.BuildAsync("--target=Destroy");
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("state is empty: nothing is left", again.Output, StringComparison.Ordinal);
        Assert.Empty(await StateAsync(moto));
        Assert.Empty(await DatabasesAsync(moto));
        Assert.Empty(await ServicesAsync(moto));

        _matrix.Add("destroy, after both interruptions | - | the next Destroy emptied the state | nothing: no database, no service, no resource in the state");
    }

    /// <summary>
    /// Exit 130, SIGTERM named, terraform stopped within its grace and wrote its state, the operation either finished
    /// or listed as cut short, no process of the run left; returns the last line, shortened.
    /// </summary>
    private static string AssertStoppedCleanly((int ExitCode, string Output) interrupted, Runs runs, string operation)
    {
        Assert.True(interrupted.ExitCode == 130, interrupted.Output);
        Assert.Contains("SIGTERM received: stopping terraform and the emulator", interrupted.Output, StringComparison.Ordinal);
        var last = interrupted.Output.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0);
        Assert.Matches(@"^✖ the run was interrupted: terraform apply stopped after .+ and wrote its state(; it cut short \d+ operation\(s\)|: every operation it started had finished)", last);
        Assert.DoesNotContain("was killed", interrupted.Output, StringComparison.Ordinal);
        var address = System.Text.RegularExpressions.Regex.Escape(operation[..operation.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Matches($@"(cut short|may be left outside the state): {System.Text.RegularExpressions.Regex.Escape(operation)}|{address}: (Creation|Destruction) complete", interrupted.Output);
        Assert.Empty(runs.ProcessesLeft());
        var shown = last.Replace("✖ the run was interrupted: ", string.Empty, StringComparison.Ordinal);
        return "exit 130; " + (shown.Contains(" (listed above)", StringComparison.Ordinal) ? shown[..shown.IndexOf(" (listed above)", StringComparison.Ordinal)] : shown);
    }

    private static async Task AssertNoLockAsync(MotoServer moto)
    {
        var objects = await moto.AwsCliAsync("s3api", "list-objects-v2", "--bucket", "mlflow-deploy-state", "--prefix", "mlflow-deploy/local-kill/");
        Assert.DoesNotContain(objects.GetProperty("Contents").EnumerateArray(), o => o.GetProperty("Key").GetString()!.EndsWith(".tflock", StringComparison.Ordinal));
    }

    /// <summary>Managed resource instances in the state, by address, with their status (null, or "tainted").</summary>
    private static async Task<Dictionary<string, string?>> StateAsync(MotoServer moto)
    {
        var state = await moto.AwsCliAsync("s3", "cp", $"s3://mlflow-deploy-state/{StateKey}", "-");
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var resource in state.GetProperty("resources").EnumerateArray().Where(r => r.GetProperty("mode").GetString() == "managed"))
        {
            var address = $"{resource.GetProperty("type").GetString()}.{resource.GetProperty("name").GetString()}";
            foreach (var instance in resource.GetProperty("instances").EnumerateArray())
            {
                var key = instance.TryGetProperty("index_key", out var index) ? $"{address}[{index.GetRawText()}]" : address;
                found[key] = instance.TryGetProperty("status", out var status) ? status.GetString() : null;
            }
        }

        return found;
    }

    private static async Task<List<string>> DatabasesAsync(MotoServer moto) =>
        (await moto.AwsCliAsync("rds", "describe-db-instances")).GetProperty("DBInstances").EnumerateArray()
            .Select(d => d.GetProperty("DBInstanceIdentifier").GetString()!).ToList();

    private static async Task<List<string>> ServicesAsync(MotoServer moto)
    {
        var services = new List<string>();
        foreach (var cluster in (await moto.AwsCliAsync("ecs", "list-clusters")).GetProperty("clusterArns").EnumerateArray())
        {
            var listed = await moto.AwsCliAsync("ecs", "list-services", "--cluster", cluster.GetString()!);
            var arns = listed.GetProperty("serviceArns").EnumerateArray().Select(s => s.GetString()!).ToArray();
            if (arns.Length == 0)
            {
                continue;
            }

            // moto lists a deleted service, INACTIVE; AWS's ListServices does not, and nothing of it runs.
            var described = await moto.AwsCliAsync(["ecs", "describe-services", "--cluster", cluster.GetString()!, "--services", .. arns]);
            services.AddRange(described.GetProperty("services").EnumerateArray()
                .Where(s => s.GetProperty("status").GetString() != "INACTIVE")
                .Select(s => s.GetProperty("serviceArn").GetString()!));
        }

        return services;
    }

    /// <summary>build.sh runs against the kept emulator, whole or interrupted, and the imports Validate printed.</summary>
    private sealed class Runs(string root, MotoServer moto, ITestOutputHelper output)
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(12);

        private Dictionary<string, string?> Variables => new() { ["MLFLOW_DEPLOY_EMULATOR_URL"] = moto.Endpoint.ToString() };

        public async Task<BuildScript.Result> BuildAsync(params string[] arguments)
        {
            var result = await BuildScript.RunInAsync(root, Deadline, Variables, [.. arguments, $"--environment={Environment}"]);
            output.WriteLine($"$ ./build.sh {string.Join(' ', arguments)} → {result.ExitCode}\n{result.All}");
            return result;
        }

        /// <summary>
        /// Runs build.sh until <paramref name="marker"/> is printed and <paramref name="reached"/> holds (AWS has taken
        /// the call), then sends SIGTERM and waits for the run to end.
        /// </summary>
        public async Task<(int ExitCode, string Output)> InterruptAsync(
            string[] arguments, string marker, Func<Task<bool>>? reached = null, bool holdEmulator = false)
        {
            var info = new ProcessStartInfo(Path.Combine(root, "build.sh"), [.. arguments, $"--environment={Environment}"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["NO_COLOR"] = "1";
            foreach (var (key, value) in Variables)
            {
                info.Environment[key] = value;
            }

            using var build = Process.Start(info)!;
            var text = new StringBuilder();
            var printed = new TaskCompletionSource();
            var reader = Task.Run(async () =>
            {
                while (await build.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (text)
                    {
                        text.AppendLine(line);
                    }

                    if (line.Contains(marker, StringComparison.Ordinal))
                    {
                        printed.TrySetResult();
                    }
                }
            });
            var errors = build.StandardError.ReadToEndAsync();
            var held = new List<int>();
            try
            {
                await Task.WhenAny(printed.Task, build.WaitForExitAsync()).WaitAsync(Deadline);
                Assert.True(printed.Task.IsCompleted, $"the run ended before '{marker}':\n{text}");
                var polls = 0;
                while (reached is not null && !await reached() && !build.HasExited)
                {
                    Assert.True(++polls < 120, $"'{marker}' was printed but the emulator never showed the call's effect");
                    await Task.Delay(250);
                }

                if (holdEmulator)
                {
                    held = EmulatorProcesses();
                    Assert.NotEmpty(held);
                    held.ForEach(pid => ProcessProbe.Signal(pid, "STOP"));
                }

                ProcessProbe.Signal(build.Id, "TERM");
                if (held.Count > 0)
                {
                    for (var i = 0; i < 240 && !Printed(text, "sent SIGINT") && !build.HasExited; i++)
                    {
                        await Task.Delay(250);
                    }

                    // Long enough for terraform to cancel the calls in flight; its state write then waits for the emulator.
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    held.ForEach(pid => ProcessProbe.Signal(pid, "CONT"));
                    held.Clear();
                }

                await build.WaitForExitAsync().WaitAsync(Deadline);
            }
            finally
            {
                held.ForEach(pid => ProcessProbe.Signal(pid, "CONT"));
                if (!build.HasExited)
                {
                    build.Kill(entireProcessTree: true);
                }
            }

            await reader;
            var all = text + await errors;
            output.WriteLine($"$ ./build.sh {string.Join(' ', arguments)} (SIGTERM at '{marker}') → {build.ExitCode}\n{all}");
            return (build.ExitCode, all);
        }

        private static bool Printed(StringBuilder text, string part)
        {
            lock (text)
            {
                return text.ToString().Contains(part, StringComparison.Ordinal);
            }
        }

        /// <summary>The kept emulator's process: the moto launcher listening on its port.</summary>
        private List<int> EmulatorProcesses() =>
            Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Select(int.Parse)
                .Where(pid =>
                {
                    try
                    {
                        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                        return arguments.Any(a => a.EndsWith("moto_launcher.py", StringComparison.Ordinal))
                            && arguments.SkipWhile(a => a != "-p").Skip(1).FirstOrDefault() == moto.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                })
                .ToList();

        /// <summary>Runs every exact import command Validate printed (as a person would paste it); returns the addresses imported.</summary>
        public async Task<List<string>> ImportAsync(BuildScript.Result validate)
        {
            var imported = new List<string>();
            var commands = validate.Output.Split('\n').Select(l => l.Trim())
                .Where(l => l.Contains(" terraform -chdir=infra import ", StringComparison.Ordinal) && !l.Contains("# fill in", StringComparison.Ordinal));
            foreach (var command in commands)
            {
                var result = await ExternalProcess.RunAsync("bash", ["-c", command], TimeSpan.FromMinutes(5), root, new Dictionary<string, string?>());
                output.WriteLine($"$ {command} → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
                Assert.True(result.ExitCode == 0, command + "\n" + result.StandardOutput + result.StandardError);
                var quoted = command.Split('\'');
                imported.Add(quoted[^4]);
            }

            return imported;
        }

        /// <summary>Processes whose working directory is inside the repository copy: the run's cake, terraform and provider, if any outlived it.</summary>
        public List<string> ProcessesLeft()
        {
            var left = new List<string>();
            for (var attempt = 0; attempt < 20; attempt++)
            {
                left.Clear();
                foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
                {
                    try
                    {
                        if (Directory.ResolveLinkTarget(Path.Combine(folder, "cwd"), returnFinalTarget: false)?.FullName is { } cwd
                            && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)))
                        {
                            left.Add($"{Path.GetFileName(folder)}: {File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ')}");
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                    }
                }

                if (left.Count == 0)
                {
                    break;
                }

                Thread.Sleep(500);
            }

            return left;
        }
    }
}
