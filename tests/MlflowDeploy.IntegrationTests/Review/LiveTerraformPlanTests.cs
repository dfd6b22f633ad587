using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlflowDeploy.Environments;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Review;

/// <summary>
/// Runs the real terraform binary on <c>terraform_data</c> resources (built in: no provider, no network)
/// to check the reader against what this terraform version writes today, including create-before-destroy
/// replacements, which the AWS fixtures don't have.
/// </summary>
public sealed partial class LiveTerraformPlanTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Create_before_destroy_and_destroy_before_create_replacements_both_count_once()
    {
        using var scratch = new TempDirectory();
        await File.WriteAllTextAsync(scratch.File("main.tf"), """
            variable "generation" {
              type = number
            }

            variable "secret" {
              type      = string
              sensitive = true
            }

            resource "terraform_data" "plain" {
              count            = 3
              input            = "plain-${count.index}"
              triggers_replace = [var.generation]
            }

            resource "terraform_data" "blue_green" {
              count            = 2
              input            = "bg-${count.index}"
              triggers_replace = [var.generation]
              lifecycle {
                create_before_destroy = true
              }
            }

            resource "terraform_data" "steady" {
              input = var.secret
            }

            output "secret" {
              value     = var.secret
              sensitive = true
            }
            """);
        await File.WriteAllTextAsync(scratch.File("cli.tfrc"), "disable_checkpoint = true\n");
        await TerraformAsync(scratch, "init", "-no-color");
        await TerraformAsync(scratch, "apply", "-no-color", "-auto-approve", "-var=generation=1");

        await TerraformAsync(scratch, "plan", "-no-color", "-var=generation=2", "-out=plan.bin");
        var json = scratch.File("plan.json");
        await File.WriteAllTextAsync(json, await TerraformAsync(scratch, "show", "-json", "plan.bin"));
        var text = await TerraformAsync(scratch, "show", "-no-color", "plan.bin");

        var raw = JsonNode.Parse(await File.ReadAllTextAsync(json))!;
        var orders = raw["resource_changes"]!.AsArray()
            .Select(rc => string.Join(",", rc!["change"]!["actions"]!.AsArray().Select(a => (string)a!)))
            .ToList();
        Assert.Contains("create,delete", orders); // terraform really writes both orders
        Assert.Contains("delete,create", orders);

        var summary = await PlanSummaryReader.ReadAsync(json, CancellationToken.None);
        var plan = PlanLine().Match(text);
        Assert.True(plan.Success, text);
        Assert.Equal(5, summary.ToReplace);
        Assert.Equal(int.Parse(plan.Groups[1].Value), summary.ToAdd + summary.ToReplace);
        Assert.Equal(int.Parse(plan.Groups[2].Value), summary.ToChange);
        Assert.Equal(int.Parse(plan.Groups[3].Value), summary.ToDestroy + summary.ToReplace);
        Assert.Equal(1, summary.NoOps);
        Assert.Contains("triggers_replace", summary.Resources.First(r => r.Action == PlanAction.Replace).ReplaceAttributes);

        var redacted = scratch.File("redacted.json");
        await PlanJsonRedactor.RedactAsync(json, redacted, CancellationToken.None);
        Assert.Contains(PlanFixtures.Sentinel, await File.ReadAllTextAsync(json));
        Assert.DoesNotContain(PlanFixtures.Sentinel, await File.ReadAllTextAsync(redacted));
    }

    [Fact]
    public async Task Rotating_a_secret_leaks_the_old_one_in_terraforms_output_and_review_scrubs_it()
    {
        using var scratch = new TempDirectory();
        await File.WriteAllTextAsync(scratch.File("main.tf"), """
            variable "secret" {
              type      = string
              sensitive = true
            }

            resource "terraform_data" "token" {
              input = var.secret
            }
            """);
        await File.WriteAllTextAsync(scratch.File("cli.tfrc"), "disable_checkpoint = true\n");
        await TerraformAsync(scratch, "init", "-no-color");
        await TerraformAsync(scratch, "apply", "-no-color", "-auto-approve");

        // terraform_data.output copies the sensitive input without its sensitivity mark (terraform 1.11.4),
        // so after a rotation terraform's JSON and text both print the OLD secret in clear.
        await TerraformAsync(scratch, "plan", "-no-color", "-var=secret=rotated-Secret-0815", "-out=plan.bin");
        var json = scratch.File("plan.json");
        await File.WriteAllTextAsync(json, await TerraformAsync(scratch, "show", "-json", "plan.bin"));
        var text = await TerraformAsync(scratch, "show", "-no-color", "plan.bin");
        Assert.Contains(PlanFixtures.Sentinel, text);
        Assert.Contains(PlanFixtures.Sentinel, await File.ReadAllTextAsync(json));

        var review = await PlanReview.ReviewAsync(new PlanReviewInput
        {
            Environment = "dev",
            PlanJsonPath = json,
            PlanText = text,
            RepositoryRoot = Support.RepositoryRoot.Path,
            Artifacts = new ArtifactLayout(scratch.File("artifacts/dev")),
            Run = WorkflowRunLink.None,
        }, CancellationToken.None);

        Assert.Contains("(sensitive)", review.Markdown);
        foreach (var secret in new[] { PlanFixtures.Sentinel, "rotated-Secret-0815" })
        {
            Assert.DoesNotContain(secret, review.Markdown);
            Assert.DoesNotContain(secret, review.ConsoleText);
            foreach (var file in Directory.EnumerateFiles(scratch.File("artifacts"), "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(secret, await File.ReadAllTextAsync(file));
            }
        }
    }

    private static async Task<string> TerraformAsync(TempDirectory dir, params string[] args)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var start = new ProcessStartInfo("terraform", args)
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TF_CLI_CONFIG_FILE"] = dir.File("cli.tfrc");
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["TF_INPUT"] = "0";
        start.Environment["TF_VAR_secret"] = PlanFixtures.Sentinel;
        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"terraform {string.Join(' ', args)}: {await stderr}");
            return await stdout;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.", RegexOptions.Multiline)]
    private static partial Regex PlanLine();
}
