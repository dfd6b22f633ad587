using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Bench;

/// <summary>
/// Whole processes: <c>./build.sh</c> (Rehearse: Validate, Plan, Apply with the clean-plan check, Verify, the second
/// plan and apply, Destroy against an emulator it starts) against <c>bench/raw-terraform-cycle.sh</c> (the same stack's
/// init, validate, plan -out, apply, destroy against the same emulator launcher), and against the same script with
/// <c>--second-cycle</c> (also the plans after each apply and the second plan and apply: the terraform work the
/// rehearsal does, without the pipeline). Paired and interleaved; medians and both ratios.
/// </summary>
internal static class RehearsalBenchmark
{
    public sealed record Options(int Pairs, string? Repository)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(3, null);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--pairs" => options with { Pairs = int.Parse(args[i + 1]) },
                    "--repository" => options with { Repository = Path.GetFullPath(args[i + 1]) },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            return options;
        }
    }

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var root = options.Repository ?? RepositoryRoot.Find(AppContext.BaseDirectory);
        var mirror = Environment.GetEnvironmentVariable("TF_PLUGIN_MIRROR") ?? PluginMirrorDiscovery.Find();
        var variables = new Dictionary<string, string?> { ["MLFLOW_DEPLOY_EMULATOR_URL"] = null, ["NO_COLOR"] = "1", ["TF_PLUGIN_MIRROR"] = mirror };
        var deadline = TimeSpan.FromMinutes(20);
        var rehearsal = new WholeProcess("./build.sh (Rehearse)", [Path.Combine(root, "build.sh")], variables, root, deadline);
        var raw = new WholeProcess("bench/raw-terraform-cycle.sh", [Path.Combine(root, "bench", "raw-terraform-cycle.sh")], variables, root, deadline);
        var rawTwoCycles = new WholeProcess(
            "bench/raw-terraform-cycle.sh --second-cycle", [Path.Combine(root, "bench", "raw-terraform-cycle.sh"), "--second-cycle"], variables, root, deadline);
        Console.WriteLine($"repository: {root}; provider mirror: {mirror ?? "none"}");
        // No warm-up round: each side is minutes long, and the first rehearsal has published the library already.
        var results = await PairedSeries.RunAsync([rehearsal, raw, rawTwoCycles], options.Pairs, warmUps: 0, ct);
        Console.WriteLine();
        Console.WriteLine(PairedSeries.Ratio(results[0], results[1]));
        Console.WriteLine(PairedSeries.Ratio(results[0], results[2]));
        return 0;
    }
}
