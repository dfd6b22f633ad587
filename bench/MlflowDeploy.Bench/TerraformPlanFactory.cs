using System.Diagnostics;

namespace MlflowDeploy.Bench;

/// <summary>
/// Makes a real plan JSON with N resource changes by running terraform on a config of
/// <c>terraform_data</c> resources (built into terraform: no provider download), and caches it.
/// </summary>
internal static class TerraformPlanFactory
{
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(15);

    /// <param name="payloadBytes">Extra bytes of attribute value per resource, to model providers' larger resources.</param>
    public static async Task<string> GetOrCreateAsync(string cacheDir, int resources, int payloadBytes, CancellationToken ct)
    {
        Directory.CreateDirectory(cacheDir);
        var key = payloadBytes > 0 ? $"{resources}-p{payloadBytes}" : $"{resources}";
        var planJson = Path.Combine(cacheDir, $"plan-{key}.json");
        if (File.Exists(planJson) && new FileInfo(planJson).Length > 0)
        {
            Console.WriteLine($"reusing {planJson}");
            return planJson;
        }

        var work = Path.Combine(cacheDir, $"tf-{key}");
        Directory.CreateDirectory(work);
        await File.WriteAllTextAsync(Path.Combine(work, "main.tf"), $$"""
            variable "token" {
              type      = string
              sensitive = true
            }

            resource "terraform_data" "item" {
              count = {{resources}}
              input = {
                index = count.index
                name  = "item-${count.index}"
                tags  = { team = "ml", tier = "bench" }
                blob  = "${count.index}-{{new string('x', payloadBytes)}}"
              }
            }

            output "token" {
              value     = var.token
              sensitive = true
            }
            """, ct);
        var cliConfig = Path.Combine(work, "cli.tfrc");
        await File.WriteAllTextAsync(cliConfig, "disable_checkpoint = true\n", ct);
        var env = new Dictionary<string, string>
        {
            ["TF_CLI_CONFIG_FILE"] = cliConfig,
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["TF_VAR_token"] = "S3ntinel-Secret-4711",
        };

        var clock = Stopwatch.StartNew();
        await RunAsync(work, env, null, ct, "init", "-no-color");
        await RunAsync(work, env, null, ct, "plan", "-no-color", "-out=plan.bin");
        Console.WriteLine($"terraform plan of {resources} resources took {clock.Elapsed.TotalSeconds:0.0} s");
        var temp = planJson + ".tmp";
        await RunAsync(work, env, temp, ct, "show", "-json", "plan.bin");
        File.Move(temp, planJson, overwrite: true);
        Console.WriteLine($"wrote {planJson} ({new FileInfo(planJson).Length / 1024.0 / 1024.0:0.0} MB)");
        return planJson;
    }

    private static async Task RunAsync(string workDir, IReadOnlyDictionary<string, string> env, string? stdoutFile, CancellationToken ct, params string[] args)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StepDeadline);
        var start = new ProcessStartInfo("terraform", args)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("terraform did not start");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            if (stdoutFile is null)
            {
                // Discarded as a stream: plan's text for 10,000 resources is tens of MB and would inflate this
                // process's peak working set, which the benchmark reports.
                await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, deadline.Token);
            }
            else
            {
                await using var file = File.Create(stdoutFile);
                await process.StandardOutput.BaseStream.CopyToAsync(file, deadline.Token);
            }
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"terraform {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
