using System.Globalization;
using System.Text.Json;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Bench;

/// <summary>
/// The child side of the migrate benchmark: serves one MLflow double (the tests' own), filled with a deterministic
/// source when asked, prints one JSON line with its URL and contents, and stops when its stdin closes.
/// </summary>
internal static class MlflowDoubleHost
{
    /// <param name="LatencyMs">Added to every answer, to stand for a real server's request time (30–60 ms in the notes).</param>
    public sealed record Options(int Runs, int Points, int ArtifactRuns, int LatencyMs = 0)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(0, 0, 0);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                options = args[i] switch
                {
                    "--runs" => options with { Runs = value },
                    "--points" => options with { Points = value },
                    "--artifact-runs" => options with { ArtifactRuns = value },
                    "--latency-ms" => options with { LatencyMs = value },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }

            return options;
        }
    }

    public sealed record Contents(string Url, int Runs, long Points, int ArtifactFiles, long ArtifactBytes);

    public static async Task<int> RunAsync(Options options)
    {
        await using var server = await MlflowDoubleServer.StartAsync();
        var contents = Fill(server, options);
        server.Faults.ResponseDelay = TimeSpan.FromMilliseconds(options.LatencyMs);
        Console.WriteLine(JsonSerializer.Serialize(contents));
        await Console.Out.FlushAsync();

        // The parent closes our stdin to stop us; a killed parent closes it too.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>
    /// Runs spread over three experiments (60% in one, so more than 1,000 runs share an experiment at the default
    /// size), five params and three tags each, "loss" and "accuracy" histories sharing the points, one run with a
    /// 5,000-step metric, and two files (a small one and 64 KiB in a nested folder) in the first runs.
    /// </summary>
    private static Contents Fill(MlflowDoubleServer server, Options options)
    {
        var seed = new MlflowDoubleSeeder(server.Store);
        var store = server.Store;
        if (options.Runs == 0)
        {
            return new Contents(server.BaseUrl.ToString(), 0, 0, 0, 0);
        }

        var large = seed.Experiment("bench-large", ("team", "platform"), ("mlflow.note.content", "benchmark source"));
        var small = seed.Experiment("bench-small");
        const long T0 = 1_700_000_000_000;
        var perRun = Math.Max(options.Points / options.Runs, 2);
        long points = 0;
        long bytes = 0;
        var files = 0;
        var weights = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31)).ToArray();
        var model = "artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n"u8.ToArray();
        for (var i = 0; i < options.Runs; i++)
        {
            var experiment = (i * 20 / options.Runs) switch { < 12 => large, < 17 => small, _ => "0" };
            var run = seed.Run(
                experiment,
                $"run-{i:D5}",
                T0 + (i * 1000L),
                status: i % 10 == 9 ? "FAILED" : "FINISHED",
                parameters: [("lr", $"0.{i % 97:D3}"), ("batch_size", $"{32 << (i % 4)}"), ("epochs", "20"), ("optimizer", i % 2 == 0 ? "adam" : "sgd"), ("seed", $"{i}")],
                tags: [("mlflow.user", $"user{i % 7}"), ("mlflow.source.name", "train.py"), ("team", "platform")],
                userId: $"user{i % 7}");
            var loss = perRun * 4 / 5;
            seed.Metric(run, "loss", loss);
            seed.Metric(run, "accuracy", perRun - loss, step => step / 100.0);
            points += perRun;
            if (i == 0)
            {
                seed.Metric(run, "long_metric", 5000);
                points += 5000;
            }

            if (i < options.ArtifactRuns)
            {
                seed.Artifact(run, "model/MLmodel", model);
                seed.Artifact(run, "model/data/weights.bin", weights);
                files += 2;
                bytes += model.Length + weights.Length;
            }
        }

        return new Contents(server.BaseUrl.ToString(), store.Runs.Count, points, files, bytes);
    }
}
