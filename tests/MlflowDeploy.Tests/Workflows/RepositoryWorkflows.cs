using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Workflows;

/// <summary>The checkout's workflows, local composite actions and Cake task names, read once per test run.</summary>
internal static partial class RepositoryWorkflows
{
    public static string WorkflowsDirectory => Path.Combine(RepositoryRoot.Path, ".github", "workflows");

    public static string ActionsDirectory => Path.Combine(RepositoryRoot.Path, ".github", "actions");

    public static IReadOnlyList<string> WorkflowPaths { get; } =
        Directory.EnumerateFiles(WorkflowsDirectory).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<WorkflowFile> All { get; } = WorkflowPaths.Select(Load).ToList();

    /// <summary>Local composite actions by their <c>uses:</c> reference, e.g. <c>./.github/actions/toolchain</c>.</summary>
    public static IReadOnlyDictionary<string, WorkflowFile> Actions { get; } =
        (Directory.Exists(ActionsDirectory) ? Directory.EnumerateDirectories(ActionsDirectory) : [])
            .Select(d => Path.Combine(d, "action.yml"))
            .Where(File.Exists)
            .ToDictionary(f => "./.github/actions/" + Path.GetFileName(Path.GetDirectoryName(f)!), Load, StringComparer.Ordinal);

    /// <summary>Task names declared in build/build.cake (Task("X") or the script's Stage("X", …) helper).</summary>
    public static IReadOnlySet<string> CakeTasks { get; } = CakeTask()
        .Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "build", "build.cake")))
        .Select(m => m.Groups[1].Value)
        .ToHashSet(StringComparer.Ordinal);

    public static WorkflowFile Get(string fileName) => All.Single(w => w.Name == fileName);

    private static WorkflowFile Load(string path) => WorkflowFile.Parse(path, File.ReadAllText(path));

    [GeneratedRegex(@"^\s*(?:Task|Stage)\(\s*""([A-Za-z]+)""", RegexOptions.Multiline)]
    private static partial Regex CakeTask();
}
