using System.Text.Json;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Preflight;

/// <summary>
/// Plans the real configuration offline, with the environment's tfvars, through <c>terraform test</c> and a mock
/// AWS provider. Terraform itself judges each variable's type and validation rules, and the plan holds the task
/// definition exactly as <c>infra/</c> renders it. Why a copy of <c>infra/</c>: terraform test only reads tests
/// from inside the configuration folder. The copy adds outputs and the test (see <see cref="StackRenderFiles"/>);
/// nothing of infra/ is changed or left out. The run only plans, so infra/init.tf's provisioner never runs.
/// </summary>
public static class StackRender
{
    public const string Name = "tfvars types and validation rules";

    /// <summary>The plan, or the failure naming each variable terraform rejected.</summary>
    public static async Task<(PreflightResult Result, RenderedStack? Stack)> RunAsync(TerraformWorkspace terraform, CancellationToken cancellationToken)
    {
        var environment = terraform.Environment;
        var folder = environment.Artifacts.PreflightDirectory;
        var config = Path.Combine(folder, "config");
        if (Directory.Exists(config))
        {
            Directory.Delete(config, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(config, StackRenderFiles.TestDirectory));
        Directory.CreateDirectory(Path.Combine(config, "environments"));
        foreach (var file in Directory.EnumerateFiles(environment.InfraDirectory, "*.tf"))
        {
            var name = Path.GetFileName(file);
            // The backend is not this copy's concern.
            if (name != "backend.tf" && !name.EndsWith("_override.tf", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(config, name));
            }
        }

        var lockFile = Path.Combine(environment.InfraDirectory, ".terraform.lock.hcl");
        if (File.Exists(lockFile))
        {
            File.Copy(lockFile, Path.Combine(config, ".terraform.lock.hcl"));
        }

        // Same relative name as in infra/, so terraform's diagnostics point at the file the user edits.
        var varFile = Path.Combine("environments", Path.GetFileName(environment.VarFile));
        File.Copy(environment.VarFile, Path.Combine(config, varFile));
        File.WriteAllText(Path.Combine(config, "preflight_placeholders.tf"), StackRenderFiles.Placeholders);
        File.WriteAllText(Path.Combine(config, StackRenderFiles.TestDirectory, "render.tftest.hcl"), StackRenderFiles.RenderTest);

        var events = Path.Combine(folder, "render.events.json");
        var result = await terraform.TestAsync(config, StackRenderFiles.TestDirectory, varFile, events, cancellationToken).ConfigureAwait(false);
        var (diagnostics, plan) = ReadEvents(events);
        using (plan)
        {
            var errors = diagnostics.Where(d => d.IsError).ToList();
            if (errors.Count > 0 || plan is null)
            {
                return (Failure(errors, environment.Name, result), null);
            }

            var stack = RenderedStack.FromPlan(plan.RootElement);
            // 10+ MB of provider schemas; kept only when something went wrong.
            File.Delete(events);
            return (PreflightResult.Pass(Name, $"accepted by terraform; stack rendered offline with placeholders ({DurationText.Human(result.Duration)})"), stack);
        }
    }

    private static PreflightResult Failure(IReadOnlyList<TerraformDiagnostic> errors, string environmentName, TerraformResult result)
    {
        if (errors.Count == 0)
        {
            return PreflightResult.Fail(Name,
                $"terraform test rendered no plan (exit {result.ExitCode}): {LastLine(result.Stderr) ?? "no error text"} — run `terraform test` in artifacts/{environmentName}/preflight/config to see why");
        }

        var first = Shown(errors[0]);
        var fix = first.File?.EndsWith(".tfvars", StringComparison.Ordinal) == true ? $" — fix it in {first.File}" : string.Empty;
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more: {string.Join("; ", errors.Skip(1).Select(e => Shown(e).OneLine()))})" : string.Empty;
        return PreflightResult.Fail(Name, first.OneLine() + fix + more);
    }

    /// <summary>Paths as the user knows them: the copy's files are infra/'s files.</summary>
    private static TerraformDiagnostic Shown(TerraformDiagnostic diagnostic) =>
        diagnostic.File is null ? diagnostic : diagnostic with { File = "infra/" + diagnostic.File.Replace('\\', '/') };

    /// <summary>The diagnostics and the (single) run's plan from terraform test's JSON event stream.</summary>
    internal static (IReadOnlyList<TerraformDiagnostic> Diagnostics, JsonDocument? Plan) ReadEvents(string path)
    {
        var diagnostics = new List<TerraformDiagnostic>();
        JsonDocument? plan = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
            {
                case "diagnostic":
                    diagnostics.Add(TerraformDiagnostic.FromJson(root.GetProperty("diagnostic")));
                    break;
                case "test_plan":
                    plan?.Dispose();
                    plan = JsonDocument.Parse(root.GetProperty("test_plan").GetRawText());
                    break;
            }
        }

        return (diagnostics, plan);
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
