using MlflowDeploy.Bench;

// dotnet run -c Release --project bench/MlflowDeploy.Bench -- plan-summary [--resources N] [--iterations N] [--cache DIR] [--payload BYTES]
// dotnet run -c Release --project bench/MlflowDeploy.Bench -- verify [--rounds N]
// dotnet run -c Release --project bench/MlflowDeploy.Bench -- migrate [--runs 2000] [--points 50000] [--artifact-runs 200] [--concurrency 8] [--latency-ms 0] [--no-naive] [--no-sequential]
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

switch (args.FirstOrDefault())
{
    case "plan-summary":
        return await PlanSummaryBenchmark.RunAsync(PlanSummaryBenchmark.Options.Parse(args.AsSpan(1)), cts.Token);
    case "verify":
        return await VerifyBenchmark.RunAsync(VerifyBenchmark.Options.Parse(args.AsSpan(1)), cts.Token);
    case "migrate":
        return await MigrateBenchmark.RunAsync(MigrateBenchmark.Options.Parse(args.AsSpan(1)), cts.Token);
    case "mlflow-double":
        // A child of "migrate": serves one MLflow double until its stdin closes.
        return await MlflowDoubleHost.RunAsync(MlflowDoubleHost.Options.Parse(args.AsSpan(1)));
    default:
        Console.Error.WriteLine("usage: MlflowDeploy.Bench plan-summary [--resources 10000] [--iterations 5] [--cache artifacts/bench] [--payload 0]");
        Console.Error.WriteLine("       MlflowDeploy.Bench verify [--rounds 5]");
        Console.Error.WriteLine("       MlflowDeploy.Bench migrate [--runs 2000] [--points 50000] [--artifact-runs 200] [--concurrency 8] [--latency-ms 0] [--no-naive] [--no-sequential]");
        return 2;
}
