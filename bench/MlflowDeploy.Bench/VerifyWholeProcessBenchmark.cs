using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Bench;

/// <summary>
/// Whole processes, as a user waits for them: <c>./build.sh --target=Verify --smoke-write</c> against
/// <c>bench/reference-checks.sh</c> (the reference guide's commands: awscli and curl), on one emulated stack that the
/// real pipeline applied once into a kept emulator, and the same MLflow server (the in-test double); plus the warm
/// no-op <c>./build.sh --target=Verify --dryrun</c>, and Cake alone running an empty task from its script cache
/// (<c>bench/cake-alone.cake</c>: the floor under any target). Paired and interleaved; medians and ratios.
/// </summary>
internal static class VerifyWholeProcessBenchmark
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(5);

    public sealed record Options(int Rounds, string? Repository, string Environment)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(5, null, "local");
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--rounds" => options with { Rounds = int.Parse(args[i + 1]) },
                    "--repository" => options with { Repository = Path.GetFullPath(args[i + 1]) },
                    "--environment" => options with { Environment = args[i + 1] },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            return options;
        }
    }

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var root = options.Repository ?? RepositoryRoot.Find(AppContext.BaseDirectory);
        var environment = EnvironmentCatalog.Resolve(root, options.Environment);
        var tfvars = TfvarsFile.Read(environment.VarFile);
        var region = tfvars.GetString("region") ?? "eu-west-2";
        var log = Path.Combine(Path.GetTempPath(), $"bench-moto-{Guid.NewGuid():N}.log");
        await using var moto = await MotoEmulator.StartAsync(MotoOptions.FromEnvironment(log, tfvars.GetInt("desired_count") ?? 2), ct);
        var endpoint = moto.Endpoint.ToString().TrimEnd('/');
        Console.WriteLine($"kept emulator: {endpoint} (pid {moto.ProcessId}); repository: {root}");
        var kept = new Dictionary<string, string?> { ["MLFLOW_DEPLOY_EMULATOR_URL"] = endpoint, ["NO_COLOR"] = "1" };
        WholeProcess Build(string label, params string[] arguments) =>
            new(label, [Path.Combine(root, "build.sh"), $"--environment={options.Environment}", .. arguments], kept, root, TimeSpan.FromMinutes(15));

        // Applied once, by the pipeline itself (the Fargate stand-in included), into the kept emulator.
        foreach (var stage in new[] { "Plan", "Apply" })
        {
            var applied = await Build(stage, $"--target={stage}").RunAsync(ct);
            Console.WriteLine($"{stage}: {applied.WallSeconds:0.0} s");
        }

        var outputs = await ReadOutputsAsync(environment, region, endpoint, ct);
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: outputs.MlflowVersion);
        Console.WriteLine($"MLflow double {outputs.MlflowVersion} at {mlflow.BaseUrl}");

        var ours = new WholeProcess(
            "./build.sh --target=Verify --smoke-write",
            [Path.Combine(root, "build.sh"), "--target=Verify", $"--environment={options.Environment}", "--smoke-write", $"--mlflow-url={mlflow.BaseUrl}"],
            kept, root, RunDeadline);
        var reference = new WholeProcess(
            "bench/reference-checks.sh",
            [Path.Combine(root, "bench", "reference-checks.sh")],
            new Dictionary<string, string?>
            {
                ["ENDPOINT"] = endpoint, ["CLUSTER"] = outputs.ClusterName, ["SERVICE"] = outputs.ServiceName,
                ["TARGET_GROUP_ARN"] = outputs.TargetGroupArn, ["MLFLOW_URL"] = mlflow.BaseUrl.ToString(),
                ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_DEFAULT_REGION"] = region,
                ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
            },
            root, RunDeadline);
        var noOp = new WholeProcess(
            "./build.sh --target=Verify --dryrun",
            [Path.Combine(root, "build.sh"), "--target=Verify", $"--environment={options.Environment}", "--dryrun"],
            kept, root, RunDeadline);

        // Cake as build.sh starts it (its entry assembly straight from the tools stamp, the same runtime settings),
        // on a one-task script: what any target costs before the library does anything.
        var cakeAlone = new WholeProcess(
            "Cake alone (bench/cake-alone.cake, cached)",
            ["dotnet", File.ReadAllText(Path.Combine(root, "build", ".tools-restored")).Trim(), Path.Combine(root, "bench", "cake-alone.cake")],
            new Dictionary<string, string?> { ["CAKE_SETTINGS_ENABLESCRIPTCACHE"] = "true", ["DOTNET_TieredPGO"] = "0", ["DOTNET_NOLOGO"] = "1", ["NO_COLOR"] = "1" },
            root, RunDeadline);

        var results = await PairedSeries.RunAsync([ours, reference, noOp, cakeAlone], options.Rounds, warmUps: 1, ct);
        Console.WriteLine();
        Console.WriteLine(PairedSeries.Ratio(results[0], results[1]));
        Console.WriteLine(PairedSeries.Ratio(results[3], results[1]));
        Console.WriteLine($"warm no-op median: {results[2].MedianWall:0.00} s wall, {results[2].MedianCpu:0.00} s cpu");
        return 0;
    }

    private static async Task<DeploymentOutputs> ReadOutputsAsync(DeployEnvironment environment, string region, string endpoint, CancellationToken ct)
    {
        var variables = new Dictionary<string, string?>(EmulatedAccount.Variables(new Uri(endpoint), region));
        var state = StateObject.TryLocate(environment, region, variables.GetValueOrDefault, out var whyNot)
            ?? throw new InvalidOperationException(whyNot);
        using var aws = AwsClients.Create(new AwsCredentials("testing", "testing"), region, variables.GetValueOrDefault);
        await using var stream = await aws.S3.OpenObjectAsync(state.Bucket, state.Key, ct) ?? throw new InvalidOperationException($"no state at {state.Description}");
        using var outputs = await StateOutputsReader.ReadAsync(stream, ct);
        return DeploymentOutputs.FromTerraformOutputs(outputs.RootElement);
    }
}
