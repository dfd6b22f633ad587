using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Iam;

/// <summary>
/// Every permission the roles used in a least-privilege rehearsal, with the stages that used it, the statement that
/// granted it and how far the emulator proved it: the table <c>infra/bootstrap/PERMISSIONS.md</c> is made from.
/// Resources are written with the stack name, account, region and generated ids replaced, so runs compare equal.
/// </summary>
public sealed partial class PermissionLedger
{
    public const string RoleField = "role";
    public const string ActionField = "action";
    public const string StagesField = "stages";
    public const string GrantedByField = "grantedBy";
    public const string ProofField = "proof";
    public const string ResourceField = "resource";

    private readonly Dictionary<(string Role, string Action), Entry> _entries = [];
    private readonly string _stackName;
    private readonly string _account;
    private readonly string _region;

    public PermissionLedger(string stackName, string account, string region)
    {
        _stackName = stackName;
        _account = account;
        _region = region;
    }

    private sealed class Entry(string role, string action)
    {
        public string Role { get; } = role;
        public string Action { get; } = action;
        public List<string> Stages { get; } = [];
        public SortedSet<string> GrantedBy { get; } = new(StringComparer.Ordinal);
        public ResourceScope Proof { get; set; } = ResourceScope.Unknown;
        public string? Resource { get; set; }
    }

    public int Count => _entries.Count;

    /// <summary>One call of <paramref name="role"/> in <paramref name="stage"/>, decided as <paramref name="decision"/>.</summary>
    public void Add(string role, string stage, RecordedCall call, AccessDecision decision)
    {
        var key = (role, call.Action);
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry(role, call.Action);
            _entries[key] = entry;
        }

        if (!entry.Stages.Contains(stage))
        {
            entry.Stages.Add(stage);
        }

        entry.GrantedBy.Add(GrantedBy(call, decision));
        // The strongest proof any of its calls reached: an ARN beats AWS's own "*", which beats an unknown resource.
        if (Rank(call.Scope) > Rank(entry.Proof) || entry.Resource is null)
        {
            entry.Proof = Rank(call.Scope) > Rank(entry.Proof) ? call.Scope : entry.Proof;
            entry.Resource = Normalise(call.Resources.FirstOrDefault() ?? "*");
        }
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (var role in _entries.Values.Select(e => e.Role).Distinct().Order(StringComparer.Ordinal))
        {
            text.AppendLine($"### {role} role (`<stack>-github-{role}`)").AppendLine();
            text.AppendLine("| Permission | Stages that used it | Granted by | Proven at | Resource (one call) |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var entry in _entries.Values.Where(e => e.Role == role).OrderBy(e => e.Action, StringComparer.Ordinal))
            {
                text.AppendLine($"| `{entry.Action}` | {string.Join(", ", Ordered(entry.Stages))} | {string.Join("; ", entry.GrantedBy)} | {ProofText(entry.Proof)} | `{entry.Resource}` |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public async Task WriteAsync(string markdownPath, string jsonPath, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(markdownPath, ToMarkdown(), cancellationToken).ConfigureAwait(false);
        var rows = _entries.Values.OrderBy(e => e.Role, StringComparer.Ordinal).ThenBy(e => e.Action, StringComparer.Ordinal).Select(e => new Dictionary<string, object?>
        {
            [RoleField] = e.Role,
            [ActionField] = e.Action,
            [StagesField] = Ordered(e.Stages).ToList(),
            [GrantedByField] = e.GrantedBy.ToList(),
            [ProofField] = ProofText(e.Proof),
            [ResourceField] = e.Resource,
        });
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pipeline's order, whatever order the run first used a permission in.</summary>
    private static IEnumerable<string> Ordered(IEnumerable<string> stages)
    {
        string[] order = ["Validate", "Plan", "Apply", "Verify", "Destroy"];
        return stages.OrderBy(s => Array.IndexOf(order, s) is var i && i >= 0 ? i : order.Length).ThenBy(s => s, StringComparer.Ordinal);
    }

    private static string GrantedBy(RecordedCall call, AccessDecision decision)
    {
        var reason = decision.Reason;
        const string allowedBy = "allowed by ";
        var label = reason.StartsWith(allowedBy, StringComparison.Ordinal) ? reason[allowedBy.Length..] : reason;
        // "inline policy deploy-local / Network (resource not derived: action level only)" → "Network".
        label = label.Split(" (", 2)[0];
        label = label.Contains(" / ", StringComparison.Ordinal) ? label[(label.LastIndexOf(" / ", StringComparison.Ordinal) + 3)..] : label;
        return call.ImpliedBy is { } by ? $"{label} (checked for {by})" : label;
    }

    private static int Rank(ResourceScope scope) => scope switch
    {
        ResourceScope.Arn => 2,
        ResourceScope.Any => 1,
        _ => 0,
    };

    private static string ProofText(ResourceScope scope) => scope switch
    {
        ResourceScope.Arn => "resource",
        ResourceScope.Any => "`*` (as AWS)",
        _ => "action only",
    };

    private string Normalise(string resource)
    {
        var text = resource.Replace(_account, "<account>", StringComparison.Ordinal).Replace(_region, "<region>", StringComparison.Ordinal);
        text = GeneratedId().Replace(text, "$1-*");
        text = StackName().Replace(text, "<stack>");
        // Name prefixes' timestamps, generated hex and UUID ids, secret suffixes, task and revision numbers change from run to run.
        text = RandomPart().Replace(text, "*");
        text = RandomTail().Replace(text, "$1*");
        return text;
    }

    [GeneratedRegex(@"\b(vpc|subnet|sg|sgr|rtb|rtbassoc|igw|nat|eipalloc|eipassoc|acl|eni|fl)-[0-9a-f]{8,17}\b")]
    private static partial Regex GeneratedId();

    private Regex StackName() => new(Regex.Escape(_stackName) + @"(?![a-z])");

    [GeneratedRegex(@"(secret:.*-|:task-definition/[^:]+:|scalable-target/)[A-Za-z0-9*]+$")]
    private static partial Regex RandomTail();

    [GeneratedRegex(@"\d{26}|\b[0-9a-f]{16}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\*{6,}")]
    private static partial Regex RandomPart();
}
