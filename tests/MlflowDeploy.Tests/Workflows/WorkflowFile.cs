using YamlDotNet.RepresentationModel;

namespace MlflowDeploy.Tests.Workflows;

/// <summary>One step of a job or of a composite action, with its expressions left as written.</summary>
internal sealed record WorkflowStep(
    string? Name,
    string? Uses,
    string? Run,
    IReadOnlyDictionary<string, string> With,
    IReadOnlyDictionary<string, string> Env)
{
    public string Label => Name ?? Uses ?? (Run is null ? "(step)" : Run.Split('\n')[0]);

    /// <summary>Every <c>--target=X</c> of a build.sh call in this step's script.</summary>
    public IEnumerable<string> BuildTargets => Run is not null && Run.Contains("build.sh", StringComparison.Ordinal)
        ? System.Text.RegularExpressions.Regex.Matches(Run, @"--target=([A-Za-z]+)").Select(m => m.Groups[1].Value)
        : [];
}

/// <summary>A job: null permissions means the job declares none and inherits the workflow's.</summary>
internal sealed record WorkflowJob(
    string Id,
    IReadOnlyDictionary<string, string>? Permissions,
    string? Environment,
    string? ConcurrencyGroup,
    string? CancelInProgress,
    string? TimeoutMinutes,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<WorkflowStep> Steps)
{
    public IEnumerable<string> BuildTargets => Steps.SelectMany(s => s.BuildTargets);

    public bool Runs(string target) => BuildTargets.Contains(target, StringComparer.Ordinal);
}

/// <summary>
/// A workflow (or a composite action: Events and Jobs empty, its steps in <see cref="ActionSteps"/>) read
/// with YamlDotNet. Parsing fails on YAML that GitHub would reject, such as a plain scalar holding ": ".
/// </summary>
internal sealed record WorkflowFile(
    string Path,
    string Text,
    IReadOnlySet<string> Events,
    IReadOnlyDictionary<string, string>? Permissions,
    IReadOnlyList<WorkflowJob> Jobs,
    IReadOnlyList<WorkflowStep> ActionSteps)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public IEnumerable<WorkflowStep> AllSteps => Jobs.SelectMany(j => j.Steps).Concat(ActionSteps);

    public WorkflowJob Job(string id) => Jobs.Single(j => j.Id == id);

    public static WorkflowFile Parse(string path, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;

        var events = Child(root, "on") switch
        {
            YamlScalarNode s => new HashSet<string>([s.Value!], StringComparer.Ordinal),
            YamlSequenceNode q => q.Children.Select(Scalar).OfType<string>().ToHashSet(StringComparer.Ordinal),
            YamlMappingNode m => m.Children.Keys.Select(Scalar).OfType<string>().ToHashSet(StringComparer.Ordinal),
            _ => new HashSet<string>(StringComparer.Ordinal),
        };

        var jobs = Child(root, "jobs") is YamlMappingNode jobsNode
            ? jobsNode.Children.Select(j => ParseJob(Scalar(j.Key)!, (YamlMappingNode)j.Value)).ToList()
            : [];

        var actionSteps = Child(root, "runs") is YamlMappingNode runs ? Steps(runs) : [];

        return new WorkflowFile(path, text, events, ParsePermissions(Child(root, "permissions")), jobs, actionSteps);
    }

    private static WorkflowJob ParseJob(string id, YamlMappingNode job)
    {
        var environment = Child(job, "environment") switch
        {
            YamlScalarNode s => s.Value,
            YamlMappingNode m => Scalar(Child(m, "name")),
            _ => null,
        };
        string? group = null, cancel = null;
        switch (Child(job, "concurrency"))
        {
            case YamlScalarNode s:
                group = s.Value;
                break;
            case YamlMappingNode m:
                group = Scalar(Child(m, "group"));
                cancel = Scalar(Child(m, "cancel-in-progress"));
                break;
        }

        return new WorkflowJob(id, ParsePermissions(Child(job, "permissions")), environment, group, cancel,
            Scalar(Child(job, "timeout-minutes")), Map(Child(job, "env")), Steps(job));
    }

    private static List<WorkflowStep> Steps(YamlMappingNode owner) =>
        Child(owner, "steps") is YamlSequenceNode steps
            ? steps.Children.OfType<YamlMappingNode>().Select(s => new WorkflowStep(
                Scalar(Child(s, "name")), Scalar(Child(s, "uses")), Scalar(Child(s, "run")), Map(Child(s, "with")), Map(Child(s, "env")))).ToList()
            : [];

    /// <summary>read-all / write-all become a single "*" scope; {} is an empty map.</summary>
    private static IReadOnlyDictionary<string, string>? ParsePermissions(YamlNode? node) => node switch
    {
        null => null,
        YamlScalarNode { Value: "read-all" } => new Dictionary<string, string> { ["*"] = "read" },
        YamlScalarNode { Value: "write-all" } => new Dictionary<string, string> { ["*"] = "write" },
        YamlScalarNode s => new Dictionary<string, string> { ["*"] = s.Value ?? "" },
        _ => Map(node),
    };

    private static IReadOnlyDictionary<string, string> Map(YamlNode? node) =>
        node is YamlMappingNode m
            ? m.Children.ToDictionary(c => Scalar(c.Key)!, c => Scalar(c.Value) ?? c.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
