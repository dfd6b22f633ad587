using MlflowDeploy.Bench;

// dotnet run -c Release --project bench/MlflowDeploy.Bench -- plan-summary [--resources N] [--iterations N] [--cache DIR] [--payload BYTES]
// dotnet run -c Release --project bench/MlflowDeploy.Bench -- verify [--rounds N]
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

switch (args.FirstOrDefault())
{
    case "plan-summary":
        return await PlanSummaryBenchmark.RunAsync(PlanSummaryBenchmark.Options.Parse(args.AsSpan(1)), cts.Token);
    case "verify":
        return await VerifyBenchmark.RunAsync(VerifyBenchmark.Options.Parse(args.AsSpan(1)), cts.Token);
    default:
        Console.Error.WriteLine("usage: MlflowDeploy.Bench plan-summary [--resources 10000] [--iterations 5] [--cache artifacts/bench] [--payload 0]");
        Console.Error.WriteLine("       MlflowDeploy.Bench verify [--rounds 5]");
        return 2;
}
