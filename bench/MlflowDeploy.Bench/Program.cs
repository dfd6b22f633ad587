using MlflowDeploy.Bench;

// dotnet run -c Release --project bench/MlflowDeploy.Bench -- plan-summary [--resources N] [--iterations N] [--cache DIR] [--payload BYTES]
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

if (args.Length == 0 || args[0] != "plan-summary")
{
    Console.Error.WriteLine("usage: MlflowDeploy.Bench plan-summary [--resources 10000] [--iterations 5] [--cache artifacts/bench] [--payload 0]");
    return 2;
}
var options = PlanSummaryBenchmark.Options.Parse(args.AsSpan(1));
return await PlanSummaryBenchmark.RunAsync(options, cts.Token);
