using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

public sealed record PreflightOptions
{
    /// <summary>
    /// The account is the local emulator (moto), which lacks some calls (RDS engine versions, orderable postgres
    /// options): those checks are reported as skipped, never as passed.
    /// </summary>
    public bool AgainstEmulator { get; init; }

    /// <summary>Validate must answer in seconds: fewer, shorter attempts than a deployment's calls.</summary>
    public AwsRetryPolicy Retry { get; init; } = new(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

    /// <summary>Where <c>GITHUB_TOKEN</c>, <c>GITHUB_REPOSITORY</c> and <c>GITHUB_API_URL</c> are read (the process environment by default).</summary>
    public Func<string, string?>? GitHubVariables { get; init; }

    /// <summary>Where <c>AWS_ENDPOINT_URL*</c> are read (the process environment by default).</summary>
    public Func<string, string?>? AwsEnvironment { get; init; }
}
