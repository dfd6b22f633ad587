using MlflowDeploy.Environments;
using MlflowDeploy.GitHub;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The approval gate lives in GitHub, not in this repository: production's deploy role trusts the production
/// environment's job of deploy.yml on main, and GitHub runs that job only after the environment's required reviewers
/// approve. Validate reads the environment's protection rules and fails when production has no required reviewer.
/// Runs in the workflows (GITHUB_TOKEN with <c>actions: read</c>); skipped, with the reason, where there is no token.
/// </summary>
public static class EnvironmentProtectionCheck
{
    public const string Name = "GitHub environment protection";

    /// <summary>The environments whose jobs must wait for a person's approval.</summary>
    public static bool RequiresReviewer(string environment) => environment == "production";

    public static async Task<PreflightResult> RunAsync(DeployEnvironment environment, Func<string, string?> variables, CancellationToken cancellationToken)
    {
        if (environment.UsesEmulator)
        {
            return PreflightResult.Skip(Name, "an emulated environment has no GitHub environment");
        }

        var settings = GitHubSettings.FromEnvironment(variables);
        if (settings.Token is null || settings.Repository is null)
        {
            // Every workflow's Validate step passes the token (a workflow policy test holds them to it).
            return PreflightResult.Skip(Name, "no GITHUB_TOKEN and GITHUB_REPOSITORY (not in a workflow): the workflows check that the environment has its required reviewers");
        }

        var connection = GitHubConnection.TryCreate(settings)!;
        var protection = await EnvironmentProtection.ReadAsync(connection, environment.Name, cancellationToken).ConfigureAwait(false);
        return Judge(protection, connection.Repository);
    }

    public static PreflightResult Judge(EnvironmentProtection protection, string repository)
    {
        var name = protection.Name;
        var settingsPage = $"Settings → Environments → {name} in {repository}";
        if (!protection.Exists)
        {
            return RequiresReviewer(name)
                ? PreflightResult.Fail(Name, $"{repository} has no environment '{name}', so its deploy would run unapproved — create it with at least one required reviewer ({settingsPage}; docs/one-time-setup.md)")
                : PreflightResult.Pass(Name, $"environment '{name}' does not exist yet; GitHub creates it, without protection rules, on the first deploy");
        }

        var rules = Describe(protection);
        if (RequiresReviewer(name) && protection.RequiredReviewers.Count == 0)
        {
            return PreflightResult.Fail(Name, $"environment '{name}' has no required reviewer ({rules}), so a merge to main deploys without anyone's approval — add one under {settingsPage}");
        }

        return PreflightResult.Pass(Name, $"environment '{name}': {rules}");
    }

    private static string Describe(EnvironmentProtection protection)
    {
        var reviewers = protection.RequiredReviewers.Count == 0
            ? "no required reviewer"
            : $"required reviewers {string.Join(", ", protection.RequiredReviewers)}{(protection.PreventSelfReview ? " (not the one who triggered the run)" : " (the one who triggered the run may approve)")}";
        var wait = protection.WaitTimerMinutes > 0 ? $", wait {protection.WaitTimerMinutes} min" : "";
        return $"{reviewers}{wait}, deployments from {protection.BranchPolicy}";
    }
}
