using System.Diagnostics;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Bench;

/// <summary>
/// IN-PROCESS figures: our concurrent checks inside a warm process against the reference team's commands
/// (awscli v1 and curl processes), on the same moto stack with the Fargate stand-in and a local MLflow answerer.
/// That is not what a user waits for — no dotnet, Cake or script start-up on our side — so it says how fast the
/// checks are, never how fast Verify is. <see cref="VerifyWholeProcessBenchmark"/> times whole processes.
/// </summary>
internal static class VerifyBenchmark
{
    private const string Region = "eu-west-2";
    private const string MlflowVersion = "2.18.0";
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(60);

    public sealed record Options(int Rounds)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(5);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--rounds" => options with { Rounds = int.Parse(args[i + 1]) },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            return options;
        }
    }

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);
        var scratch = Path.Combine(Path.GetTempPath(), "mlflow-deploy-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            await using var moto = await MotoEmulator.StartAsync(new MotoOptions { LogFile = Path.Combine(scratch, "moto.log"), EcsServiceRunning = 2 }, ct);
            Console.WriteLine($"moto on {moto.Endpoint} (pid {moto.ProcessId})");
            var outputs = await CreateStackAsync(root, moto.Endpoint, ct);
            var endpointEnvironment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString().TrimEnd('/') };
            using var aws = AwsClients.Create(new AwsCredentials("testing", "testing"), Region, endpointEnvironment.GetValueOrDefault);
            await FargateStandIn.StartAsync(outputs, aws, moto.Endpoint, Console.WriteLine, ct);
            using var mlflow = new BenchMlflowServer(MlflowVersion);
            Console.WriteLine($"MLflow answerer on {mlflow.BaseUrl}; {options.Rounds} rounds each after one warm-up round");

            var verifyOptions = new DeploymentVerificationOptions
            {
                Runner = new VerificationOptions { Environment = "bench", Timeout = TimeSpan.FromMinutes(2) },
                MlflowUrl = mlflow.BaseUrl,
            };
            async Task<string> OursAsync()
            {
                var report = await DeploymentVerification.RunAsync(outputs, verifyOptions, aws, null, ct);
                if (report.ExitCode != 0)
                    throw new InvalidOperationException("Verify did not pass: " + string.Join("; ", report.Checks.Where(c => c.Status != CheckStatus.Pass).Select(c => $"{c.Name} {c.Detail}")));
                return $"{report.Checks.Count} checks, {report.OutcomeText}";
            }

            var cli = new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_DEFAULT_REGION"] = Region,
                ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null, ["AWS_ENDPOINT_URL"] = null,
            };
            var endpoint = moto.Endpoint.ToString().TrimEnd('/');
            var since = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string[][] baselineCommands =
            [
                ["aws", "--endpoint-url", endpoint, "ecs", "describe-services", "--cluster", outputs.ClusterName, "--services", outputs.ServiceName],
                ["aws", "--endpoint-url", endpoint, "elbv2", "describe-target-health", "--target-group-arn", outputs.TargetGroupArn],
                ["aws", "--endpoint-url", endpoint, "logs", "filter-log-events", "--log-group-name", outputs.LogGroupName, "--start-time", since],
                ["aws", "--endpoint-url", endpoint, "rds", "describe-db-instances", "--db-instance-identifier", outputs.DbInstanceIdentifier],
                ["aws", "--endpoint-url", endpoint, "s3api", "get-bucket-versioning", "--bucket", outputs.ArtifactBucketName],
                ["curl", "-fsS", "--max-time", "10", new Uri(mlflow.BaseUrl, "health").ToString()],
                ["curl", "-fsS", "--max-time", "10", new Uri(mlflow.BaseUrl, "version").ToString()],
                ["curl", "-fsS", "--max-time", "10", new Uri(mlflow.BaseUrl, "api/2.0/mlflow/experiments/search?max_results=100").ToString()],
            ];
            async Task<string> BaselineAsync()
            {
                foreach (var command in baselineCommands)
                    await RunCommandAsync(command, cli, ct);
                return $"{baselineCommands.Length} commands";
            }

            var ours = await MeasureAsync("ours: DeploymentVerification (concurrent)", options.Rounds, OursAsync);
            var baseline = await MeasureAsync("reference: awscli + curl, sequential", options.Rounds, BaselineAsync);

            Console.WriteLine();
            Console.WriteLine($"{"",-52} {"median ms",10} {"min ms",9} {"max ms",9}  result");
            foreach (var m in new[] { ours, baseline })
                Console.WriteLine($"{m.Name,-52} {m.MedianMs,10:0} {m.MinMs,9:0} {m.MaxMs,9:0}  {m.Result}");
            Console.WriteLine();
            Console.WriteLine($"in-process only — baseline / ours (medians): {baseline.MedianMs / ours.MedianMs:0.0}x; for what a user waits for run verify-process");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Measurement(string Name, double MedianMs, double MinMs, double MaxMs, string Result);

    private static async Task<Measurement> MeasureAsync(string name, int rounds, Func<Task<string>> run)
    {
        await run();
        var times = new List<double>();
        var result = "";
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        return new Measurement(name, median, times[0], times[^1], result);
    }

    /// <summary>The stack's resources, made with boto3 by the same script the integration tests use.</summary>
    private static async Task<DeploymentOutputs> CreateStackAsync(string root, Uri endpoint, CancellationToken ct)
    {
        var script = Path.Combine(root, "tests", "MlflowDeploy.IntegrationTests", "Verification", "AwsChecks", "emulated_stack.py");
        var output = await RunCommandAsync(["python3", script, endpoint.ToString().TrimEnd('/'), Region, "mlflow-bench", "2"], null, ct);
        using var document = JsonDocument.Parse(output);
        return DeploymentOutputs.FromTerraformOutputs(document.RootElement);
    }

    private static async Task<string> RunCommandAsync(string[] command, IReadOnlyDictionary<string, string?>? environment, CancellationToken ct)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(CommandDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {CommandDeadline}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command[..3])} … failed ({process.ExitCode}): {(await stderr).Trim()}");
        return await stdout;
    }
}
