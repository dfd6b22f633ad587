using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Local;

/// <summary>
/// A GitHub Actions OIDC token as the emulator's STS accepts it: the claims GitHub writes (iss, aud, sub, repository,
/// ref, job_workflow_ref, environment, …) in an unsigned JWT. The emulator checks issuer, audience, expiry and the
/// role's trust conditions against these claims, but not a signature, so a test can craft the token of any workflow
/// run: <see cref="ForPullRequest"/>, <see cref="ForBranch"/>, <see cref="ForEnvironment"/>.
/// </summary>
public sealed record GitHubOidcToken
{
    public const string Issuer = "https://token.actions.githubusercontent.com";

    public required string Repository { get; init; }
    public required string Subject { get; init; }
    public string Audience { get; init; } = "sts.amazonaws.com";
    public string? Ref { get; init; }
    public string? Environment { get; init; }

    /// <summary>The workflow file and ref, e.g. <c>acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main</c>.</summary>
    public string? JobWorkflowRef { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>A pull request's run: GitHub's sub is <c>repo:OWNER/REPO:pull_request</c>.</summary>
    public static GitHubOidcToken ForPullRequest(string repository, string workflowFile, int number, TimeProvider clock) => new()
    {
        Repository = repository,
        Subject = $"repo:{repository}:pull_request",
        Ref = $"refs/pull/{number}/merge",
        JobWorkflowRef = $"{repository}/.github/workflows/{workflowFile}@refs/pull/{number}/merge",
        ExpiresAt = clock.GetUtcNow().AddMinutes(10),
    };

    /// <summary>A push or schedule run on a branch: sub <c>repo:OWNER/REPO:ref:refs/heads/BRANCH</c>.</summary>
    public static GitHubOidcToken ForBranch(string repository, string workflowFile, string branch, TimeProvider clock) => new()
    {
        Repository = repository,
        Subject = $"repo:{repository}:ref:refs/heads/{branch}",
        Ref = $"refs/heads/{branch}",
        JobWorkflowRef = $"{repository}/.github/workflows/{workflowFile}@refs/heads/{branch}",
        ExpiresAt = clock.GetUtcNow().AddMinutes(10),
    };

    /// <summary>A job in a GitHub environment: sub <c>repo:OWNER/REPO:environment:NAME</c> (GitHub's default subject).</summary>
    public static GitHubOidcToken ForEnvironment(string repository, string workflowFile, string environment, string branch, TimeProvider clock) => new()
    {
        Repository = repository,
        Subject = $"repo:{repository}:environment:{environment}",
        Ref = $"refs/heads/{branch}",
        Environment = environment,
        JobWorkflowRef = $"{repository}/.github/workflows/{workflowFile}@refs/heads/{branch}",
        ExpiresAt = clock.GetUtcNow().AddMinutes(10),
    };

    /// <summary>
    /// A job's token once the repository's subject is customised (<c>PUT /repos/OWNER/REPO/actions/oidc/customization/sub</c>
    /// with <c>include_claim_keys: ["repo", "context", "job_workflow_ref"]</c>, docs/one-time-setup.md): sub is
    /// <c>repo:OWNER/REPO:CONTEXT:job_workflow_ref:OWNER/REPO/.github/workflows/FILE@REF</c>, where CONTEXT is
    /// <c>environment:NAME</c> for a job in an environment, <c>pull_request</c> for a pull request, else <c>ref:REF</c>.
    /// </summary>
    public static GitHubOidcToken WithWorkflowSubject(string repository, string workflowFile, string reference, string? environment, TimeProvider clock)
    {
        var context = environment is not null ? $"environment:{environment}"
            : reference.StartsWith("refs/pull/", StringComparison.Ordinal) ? "pull_request"
            : $"ref:{reference}";
        var jobWorkflowRef = $"{repository}/.github/workflows/{workflowFile}@{reference}";
        return new GitHubOidcToken
        {
            Repository = repository,
            Subject = $"repo:{repository}:{context}:job_workflow_ref:{jobWorkflowRef}",
            Ref = reference,
            Environment = environment,
            JobWorkflowRef = jobWorkflowRef,
            ExpiresAt = clock.GetUtcNow().AddMinutes(10),
        };
    }

    /// <summary>The compact JWT: header.payload. with an empty signature (alg none); never a real credential.</summary>
    public string ToJwt()
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = Subject,
            ["repository"] = Repository,
            ["repository_owner"] = Repository.Split('/')[0],
            ["exp"] = ExpiresAt.ToUnixTimeSeconds(),
            ["iat"] = ExpiresAt.AddMinutes(-10).ToUnixTimeSeconds(),
        };
        AddIfSet(claims, "ref", Ref);
        AddIfSet(claims, "environment", Environment);
        AddIfSet(claims, "job_workflow_ref", JobWorkflowRef);
        AddIfSet(claims, "workflow_ref", JobWorkflowRef);
        return $"{Base64Url(new { alg = "none", typ = "JWT" })}.{Base64Url(claims)}.";
    }

    /// <summary>Writes the token where <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> can point, as GitHub's action does.</summary>
    public async Task<string> WriteAsync(string path, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, ToJwt(), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }

    private static string Base64Url(object value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
