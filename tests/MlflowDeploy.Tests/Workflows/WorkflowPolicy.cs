using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.Workflows;

/// <summary>
/// The security and wiring rules every workflow must keep. Each rule returns its violations as lines naming
/// the file and job, so a test over the real workflows prints exactly what broke, and a test over a bad
/// snippet proves the rule can fail.
/// </summary>
internal static partial class WorkflowPolicy
{
    private const string AwsCredentialsAction = "aws-actions/configure-aws-credentials";

    /// <summary>Every <c>./build.sh --target=X</c> names a task of build/build.cake.</summary>
    public static IEnumerable<string> UnknownBuildTargets(WorkflowFile workflow, IReadOnlySet<string> tasks) =>
        from job in workflow.Jobs
        from target in job.BuildTargets
        where !tasks.Contains(target)
        select $"{workflow.Name}/{job.Id}: ./build.sh --target={target} names no task in build/build.cake (tasks: {string.Join(", ", tasks.Order(StringComparer.Ordinal))})";

    /// <summary>
    /// Each job has a permissions block (its own or the workflow's), the workflow-level block grants no write,
    /// and a job holds only the writes it uses: <c>id-token</c> to assume an AWS role, <c>pull-requests</c> to
    /// comment the plan on a pull request, <c>issues</c> to report incidents. No job needs any other write.
    /// </summary>
    public static IEnumerable<string> UnusedWritePermissions(WorkflowFile workflow, IReadOnlyDictionary<string, WorkflowFile> actions)
    {
        foreach (var (scope, level) in workflow.Permissions ?? new Dictionary<string, string>())
        {
            if (level == "write")
            {
                yield return $"{workflow.Name}: workflow-level permissions grant {scope}: write — grant writes per job, to the job that uses them";
            }
        }

        foreach (var job in workflow.Jobs)
        {
            var permissions = job.Permissions ?? workflow.Permissions;
            if (permissions is null)
            {
                yield return $"{workflow.Name}/{job.Id}: no permissions block on the job or the workflow — the token would get the repository's default, possibly write-all";
                continue;
            }

            foreach (var (scope, level) in permissions.Where(p => p.Value == "write"))
            {
                var used = scope switch
                {
                    "id-token" => UsesAction(job, AwsCredentialsAction, actions),
                    "pull-requests" => workflow.Events.Contains("pull_request") && RunsWithToken(job, "Plan"),
                    "issues" => RunsWithToken(job, "Report"),
                    _ => false,
                };
                if (!used)
                {
                    yield return $"{workflow.Name}/{job.Id}: has {scope}: write but no step uses it";
                }
            }
        }
    }

    /// <summary>A job that applies or destroys runs in the GitHub environment it changes (its approval gate).</summary>
    public static IEnumerable<string> UngatedDeployJobs(WorkflowFile workflow) =>
        from job in workflow.Jobs
        where job.Runs("Apply") || job.Runs("Destroy")
        let target = TargetEnvironment(job)
        where target is null || job.Environment != target
        select $"{workflow.Name}/{job.Id}: changes '{target ?? "(no DEPLOY_ENVIRONMENT)"}' but declares environment '{job.Environment ?? "(none)"}' — set environment: to the environment it changes";

    /// <summary>
    /// A job that applies or destroys holds its environment's concurrency group and never cancels a run in
    /// progress; every such group in every workflow has the same shape, so deploy and destroy also exclude each other.
    /// </summary>
    public static IEnumerable<string> UnserialisedDeployJobs(IEnumerable<WorkflowFile> workflows)
    {
        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var workflow in workflows)
        {
            foreach (var job in workflow.Jobs.Where(j => j.Runs("Apply") || j.Runs("Destroy")))
            {
                var where = $"{workflow.Name}/{job.Id}";
                var target = TargetEnvironment(job);
                if (job.ConcurrencyGroup is null || target is null || !job.ConcurrencyGroup.Contains(target, StringComparison.Ordinal))
                {
                    yield return $"{where}: concurrency group '{job.ConcurrencyGroup ?? "(none)"}' is not per environment (must contain '{target}')";
                    continue;
                }

                if (job.CancelInProgress != "false")
                {
                    yield return $"{where}: concurrency must set cancel-in-progress: false — cancelling an apply mid-way leaves a half-changed stack and a held state lock";
                }

                shapes[where] = job.ConcurrencyGroup.Replace(target, "<environment>", StringComparison.Ordinal);
            }
        }

        foreach (var group in shapes.GroupBy(s => s.Value).Skip(1))
        {
            yield return $"{string.Join(", ", group.Select(g => g.Key))}: concurrency group '{group.Key}' differs from '{shapes.First().Value}' — applies and destroys of one environment must share one group";
        }
    }

    /// <summary>
    /// Each build step runs as the role its stage needs: Apply and Destroy as the deploy role, inside the environment
    /// they change; Validate, Plan and Verify as a read-only plan role, even in a job that applied first. The role
    /// in force for a step is the one the last aws-role step before it assumed.
    /// </summary>
    public static IEnumerable<string> MismatchedRoles(WorkflowFile workflow)
    {
        foreach (var job in workflow.Jobs)
        {
            string? role = null;
            foreach (var step in job.Steps)
            {
                if (step.Uses == "./.github/actions/aws-role")
                {
                    role = step.With.GetValueOrDefault("role-arn") ?? "";
                    continue;
                }

                if (role is null)
                {
                    continue;
                }

                var deployRole = role.Contains("AWS_DEPLOY_ROLE_ARN", StringComparison.Ordinal);
                var planRole = role.Contains("AWS_PLAN_ROLE_ARN", StringComparison.Ordinal) || role.Contains("matrix.role", StringComparison.Ordinal);
                foreach (var target in step.BuildTargets)
                {
                    var changes = target is "Apply" or "Destroy";
                    var reads = target is "Validate" or "Plan" or "Verify";
                    if (changes && (!deployRole || job.Environment is null))
                    {
                        yield return $"{workflow.Name}/{job.Id}: changes an environment ({target}) but assumes {role} {(job.Environment is null ? "outside any environment " : "")}— use secrets.AWS_DEPLOY_ROLE_ARN inside environment:";
                    }
                    else if (reads && !planRole)
                    {
                        yield return $"{workflow.Name}/{job.Id}: only reads ({target}), yet runs as {role} — assume a read-only AWS_PLAN_ROLE_ARN_<ENV> before it";
                    }
                }
            }
        }
    }

    /// <summary>
    /// A plan made with the read-only role takes no state lock (<c>--lock=false</c>): the role cannot write the lock
    /// object, and a pull request's or the nightly's plan must never hold the lock an approved apply is waiting for.
    /// </summary>
    public static IEnumerable<string> LockingPlans(WorkflowFile workflow) =>
        from job in workflow.Jobs
        from step in job.Steps
        where step.BuildTargets.Contains("Plan") && !(step.Run ?? "").Contains("--lock=false", StringComparison.Ordinal)
        select $"{workflow.Name}/{job.Id}: step '{step.Label}' plans with the state lock — add --lock=false (the plan role cannot write the lock)";

    /// <summary>Every Validate step gets the token, and its job <c>actions: read</c>, so the environment-protection check runs.</summary>
    public static IEnumerable<string> ValidateWithoutGitHubAccess(WorkflowFile workflow) =>
        from job in workflow.Jobs
        from step in job.Steps
        where step.BuildTargets.Contains("Validate")
        let token = step.Env.ContainsKey("GITHUB_TOKEN") || job.Env.ContainsKey("GITHUB_TOKEN")
        let actions = (job.Permissions ?? workflow.Permissions)?.GetValueOrDefault("actions") is "read" or "write"
        where !token || !actions
        select $"{workflow.Name}/{job.Id}: Validate {(token ? "" : "gets no GITHUB_TOKEN ")}{(actions ? "" : "runs without actions: read ")}— the check of the environment's required reviewers would be skipped";

    /// <summary>
    /// A job that assumes the deploy role outlasts the longest apply: its timeout and the deploy session are at least
    /// <paramref name="longestRun"/>, and the session is what <paramref name="deploySession"/> says the bootstrap allows.
    /// </summary>
    public static IEnumerable<string> ShortDeployJobs(WorkflowFile workflow, TimeSpan longestRun, TimeSpan deploySession)
    {
        foreach (var job in workflow.Jobs.Where(j => j.Runs("Apply") || j.Runs("Destroy")))
        {
            if (!int.TryParse(job.TimeoutMinutes, out var minutes) || TimeSpan.FromMinutes(minutes) < longestRun)
            {
                yield return $"{workflow.Name}/{job.Id}: timeout-minutes {job.TimeoutMinutes ?? "(none)"} is shorter than the longest run it must allow ({longestRun.TotalMinutes:0} min)";
            }

            foreach (var step in job.Steps.Where(s => s.Uses == "./.github/actions/aws-role" && (s.With.GetValueOrDefault("role-arn") ?? "").Contains("AWS_DEPLOY_ROLE_ARN", StringComparison.Ordinal)))
            {
                var seconds = step.With.GetValueOrDefault("role-duration-seconds");
                if (seconds != ((int)deploySession.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    yield return $"{workflow.Name}/{job.Id}: the deploy session lasts {seconds ?? "the default 3600"} s, not {deploySession.TotalSeconds:0} — set role-duration-seconds";
                }
            }
        }
    }

    /// <summary>pull_request_target runs with the base repository's token and secrets: it must never check out the PR's code.</summary>
    public static IEnumerable<string> PullRequestTargetCheckouts(WorkflowFile workflow)
    {
        if (!workflow.Events.Contains("pull_request_target"))
        {
            yield break;
        }

        foreach (var job in workflow.Jobs)
        {
            foreach (var step in job.Steps.Where(s => s.Uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true))
            {
                if (step.With.TryGetValue("ref", out var reference) && HeadReference().IsMatch(reference)
                    || step.With.TryGetValue("repository", out var repository) && repository.Contains("github.event.pull_request.head", StringComparison.Ordinal))
                {
                    yield return $"{workflow.Name}/{job.Id}: checks out the pull request's head under pull_request_target";
                }
            }
        }
    }

    /// <summary>
    /// No <c>${{ }}</c> in a script names text an outsider controls (PR title, body, branch names, commit
    /// messages, comments) — stricter still, nothing from the event or the dispatch inputs: such values reach
    /// a script only through <c>env:</c>, where the shell treats them as data.
    /// </summary>
    public static IEnumerable<string> UntrustedExpressionsInScripts(WorkflowFile workflow) =>
        from step in workflow.AllSteps
        where step.Run is not null
        from Match expression in Expression().Matches(step.Run!)
        where UntrustedContext().IsMatch(expression.Value)
        select $"{workflow.Name}: step '{step.Label}' expands {expression.Value} inside run: — pass it through env: and use \"$VAR\"";

    /// <summary>Third-party actions are pinned to a full commit SHA with the version in a comment; local actions are exempt.</summary>
    public static IEnumerable<string> UnpinnedActions(WorkflowFile workflow) =>
        from line in workflow.Text.Split('\n')
        let match = UsesLine().Match(line)
        where match.Success && !match.Groups["ref"].Value.StartsWith("./", StringComparison.Ordinal)
        where !PinnedReference().IsMatch(match.Groups["ref"].Value + match.Groups["rest"].Value)
        select $"{workflow.Name}: '{line.Trim()}' is not pinned to a 40-hex commit SHA with a # vX.Y.Z comment";

    private static bool UsesAction(WorkflowJob job, string action, IReadOnlyDictionary<string, WorkflowFile> actions) =>
        job.Steps.Any(s => StepUses(s, action, actions, depth: 0));

    private static bool StepUses(WorkflowStep step, string action, IReadOnlyDictionary<string, WorkflowFile> actions, int depth) =>
        step.Uses is { } uses && (uses.StartsWith(action + "@", StringComparison.Ordinal)
            || (depth < 3 && actions.TryGetValue(uses, out var local) && local.ActionSteps.Any(s => StepUses(s, action, actions, depth + 1))));

    private static bool RunsWithToken(WorkflowJob job, string target) =>
        job.Steps.Any(s => s.BuildTargets.Contains(target) && (s.Env.ContainsKey("GITHUB_TOKEN") || job.Env.ContainsKey("GITHUB_TOKEN")));

    private static string? TargetEnvironment(WorkflowJob job) => job.Env.TryGetValue("DEPLOY_ENVIRONMENT", out var name) ? name : null;

    [GeneratedRegex(@"github\.event\.pull_request\.head|github\.head_ref|refs/pull/")]
    private static partial Regex HeadReference();

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"github\.event\b|github\.head_ref|\binputs\.|\bsteps\.[^.]+\.outputs\.|\bneeds\.[^.]+\.outputs\.")]
    private static partial Regex UntrustedContext();

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*(?<ref>\S+)(?<rest>.*)$")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+){0,2}\s*$")]
    private static partial Regex PinnedReference();
}
