using System.Text;
using MlflowDeploy.Cost;
using MlflowDeploy.GitHub;

namespace MlflowDeploy.Review;

/// <summary>
/// Renders a plan for a PR comment or step summary. The body never passes <see cref="MaxLength"/>, so that it
/// fits a GitHub comment with its publisher's marker: the plan text is cut first (keeping its head), and only
/// when that is not enough are the resource lists cut. Only names from the summary and terraform's own
/// (already masked) text appear, never attribute values.
/// </summary>
public static class PlanMarkdown
{
    public const int MaxLength = GitHubLimits.MarkdownLength;

    /// <summary>Lines kept for a note, closing tags and slack when sizing the cut.</summary>
    private const int Reserve = 600;

    public static string Render(PlanMarkdownInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var summary = input.Summary;
        var status = PlanStatusText.Of(summary);
        var footer = Footer(input.Run);
        var head = new StringBuilder();

        if (status == PlanStatus.NoChanges)
        {
            head.Append($"### {status.Icon()} Terraform plan · `{input.Environment}` — no changes: infrastructure matches the configuration\n");
            if (summary.Overrides.Count > 0)
            {
                head.Append('\n').Append(OverridesLine(summary).TrimEnd('\n')).Append('\n');
            }
            if (summary.Cost is { } unchanged)
            {
                head.Append('\n').Append(CostMarkdown.Headline(unchanged));
            }
            return head.Append(footer).ToString();
        }

        head.Append($"### {status.Icon()} Terraform plan · `{input.Environment}` — {status.Words()}\n\n");
        head.Append("**").Append(summary.CountsLine()).Append("**\n\n");
        head.Append(OverridesLine(summary));
        if (summary.Cost is { } cost)
        {
            head.Append(CostMarkdown.Headline(cost)).Append('\n');
        }

        // Sections other than the plan text; each list is sized against the whole budget below.
        var budget = MaxLength - head.Length - footer.Length - Reserve;
        var planText = input.PlanText ?? "";
        var full = Sections(summary, int.MaxValue);
        string body;
        if (full.Length + PlanTextSection(planText, null, input.Run).Length <= budget)
        {
            body = full + PlanTextSection(planText, null, input.Run);
        }
        else if (planText.Length > 0 && full.Length + Reserve < budget)
        {
            var room = budget - full.Length - Reserve;
            var cut = Cut(planText, room, out var note);
            body = full + PlanTextSection(cut, note, input.Run);
        }
        else
        {
            // Even without the plan text the lists are too long: drop it and cut the lists to fit.
            var omitted = planText.Length > 0 ? PlanTextSection("", "the plan output is too long for a comment", input.Run) : "";
            body = Sections(summary, budget - omitted.Length) + omitted;
        }

        var headText = head.ToString();
        var markdown = headText + body + footer;
        if (markdown.Length <= MaxLength)
        {
            return markdown;
        }
        // The shares above are estimates; when they still overshoot, keep the head and point to the run.
        var where = input.Run.RunUrl is null ? "the Plan job's log and artifacts" : $"the [workflow run]({input.Run.RunUrl}) and its artifacts";
        var fallback = $"{headText}✂ The full summary is too long for a comment; see {where}.\n{footer}";
        return fallback.Length <= MaxLength ? fallback : fallback[..MaxLength];
    }

    /// <summary>The data-loss block, the resources by action, changed outputs and drift; each list stops at its share.</summary>
    private static string Sections(PlanSummary summary, int budget)
    {
        var text = new StringBuilder();
        var remaining = budget;

        if (summary.HasDataLoss)
        {
            var block = new StringBuilder("> [!WARNING]\n> **⚠ Data loss: this plan destroys or replaces stateful resources.** Apply refuses it without `--allow-data-loss`.\n");
            AppendList(block, summary.DataLoss.Select(r => "> - " + DataLossLine(r)), Math.Max(remaining / 4, 400), "> ");
            block.Append('\n');
            text.Append(block);
            remaining -= block.Length;
        }

        if (summary.Cost is { } cost)
        {
            var costDetails = CostMarkdown.Details(cost);
            text.Append(costDetails);
            remaining -= costDetails.Length;
        }

        var resources = new StringBuilder();
        var groups = summary.ByAction().ToList();
        if (groups.Count > 0)
        {
            resources.Append($"<details><summary>Resources ({summary.Resources.Count})</summary>\n\n");
            var share = Math.Max(remaining - 300, 0) / Math.Max(groups.Count, 1);
            foreach (var group in groups)
            {
                resources.Append($"**{group.Key.Heading()}** ({group.Count()})\n");
                AppendList(resources, group.Select(ResourceLine), share, "");
                resources.Append('\n');
            }
            resources.Append("</details>\n\n");
        }
        text.Append(resources);
        remaining -= resources.Length;

        if (summary.ChangedOutputs.Count > 0)
        {
            var outputs = new StringBuilder($"<details><summary>Changed outputs ({summary.ChangedOutputs.Count})</summary>\n\n");
            AppendList(outputs, summary.ChangedOutputs.Select(o => "- " + Code(o)), Math.Max(remaining / 2, 200), "");
            outputs.Append("\n</details>\n\n");
            text.Append(outputs);
            remaining -= outputs.Length;
        }

        if (summary.Drift.Count > 0)
        {
            var drift = new StringBuilder($"<details><summary>Changed outside Terraform ({summary.Drift.Count})</summary>\n\n");
            AppendList(drift, summary.Drift.Select(d => $"- {d.Action.Heading().ToLowerInvariant()}: {Code(d.Address)}"), Math.Max(remaining - 200, 200), "");
            drift.Append("\n</details>\n\n");
            text.Append(drift);
        }
        return text.ToString();
    }

    /// <summary>The overrides the plan was made with, so the reviewed plan says what it sets beyond the tfvars.</summary>
    private static string OverridesLine(PlanSummary summary) =>
        summary.Overrides.Count == 0
            ? ""
            : $"**Overrides** ({PlanSummary.OverridesScope}): {string.Join(" · ", summary.Overrides.Select(o => Code(o.ToString())))}\n\n";

    private static string PlanTextSection(string planText, string? cutNote, WorkflowRunLink run)
    {
        if (planText.Length == 0 && cutNote is null)
        {
            return "";
        }
        var section = new StringBuilder("<details><summary>Terraform plan output</summary>\n\n");
        if (planText.Length > 0)
        {
            section.Append(Fenced(planText, "text"));
        }
        if (cutNote is not null)
        {
            var where = run.RunUrl is null ? "in the Plan job's log" : $"in the [workflow run]({run.RunUrl})";
            section.Append($"\n✂ Cut: {cutNote}. The full output is {where}.\n");
        }
        return section.Append("\n</details>\n\n").ToString();
    }

    private static string Footer(WorkflowRunLink run)
    {
        var parts = new List<string>();
        if (run.Commit is not null)
        {
            parts.Add($"commit {Code(run.Commit.Length > 12 ? run.Commit[..12] : run.Commit)}");
        }
        if (run.RunUrl is not null)
        {
            parts.Add($"[workflow run]({run.RunUrl})");
        }
        return parts.Count == 0 ? "" : "\n<sub>" + string.Join(" · ", parts) + "</sub>\n";
    }

    private static string ResourceLine(PlannedResource r) =>
        r.ReplaceAttributes.Count > 0
            ? $"- {Code(r.Address)} — forced by {string.Join(", ", r.ReplaceAttributes.Select(Code))}"
            : $"- {Code(r.Address)}";

    private static string DataLossLine(DataLossRisk r) =>
        r.Action == PlanAction.Replace
            ? $"{Code(r.Address)} — replace{(r.ForcingAttributes.Count > 0 ? ", forced by " + string.Join(", ", r.ForcingAttributes.Select(Code)) : "")}"
            : $"{Code(r.Address)} — destroy";

    /// <summary>Appends lines until <paramref name="maxChars"/> would be passed, then says how many were left out.</summary>
    private static void AppendList(StringBuilder into, IEnumerable<string> lines, int maxChars, string prefix)
    {
        var used = 0;
        var all = lines as IReadOnlyCollection<string> ?? lines.ToList();
        var shown = 0;
        foreach (var line in all)
        {
            if (used + line.Length + 1 > maxChars - 80)
            {
                break;
            }
            into.Append(line).Append('\n');
            used += line.Length + 1;
            shown++;
        }
        if (shown < all.Count)
        {
            into.Append(prefix).Append($"- … and {all.Count - shown} more (see plan-summary.json in the run's artifacts)\n");
        }
    }

    /// <summary>Keeps whole lines from the head of <paramref name="text"/> within <paramref name="maxChars"/>.</summary>
    private static string Cut(string text, int maxChars, out string? note)
    {
        note = null;
        if (text.Length <= maxChars)
        {
            return text;
        }
        var end = text.LastIndexOf('\n', Math.Max(maxChars - 1, 0));
        var kept = end > 0 ? text[..end] : "";
        var keptLines = kept.Length == 0 ? 0 : kept.Count(c => c == '\n') + 1;
        var totalLines = text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        note = $"showing the first {keptLines} of {totalLines} lines";
        return kept;
    }

    /// <summary>A fence longer than any backtick run inside, so the text can't close it early.</summary>
    internal static string Fenced(string text, string info)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{info}\n{text.TrimEnd('\n')}\n{fence}\n";
    }

    /// <summary>An inline code span that survives backticks in the text.</summary>
    internal static string Code(string text) =>
        text.Contains('`') ? $"`` {text} ``" : $"`{text}`";
}
