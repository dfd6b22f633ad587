using MlflowDeploy.Aws;
using MlflowDeploy.Iam;

namespace MlflowDeploy.Local;

/// <summary>
/// One stage's credentials in a least-privilege rehearsal: the session STS handed out for the role in exchange for
/// the GitHub token of the workflow job that runs the stage in CI.
/// </summary>
public sealed record RoleSession(PipelineRole Role, string RoleArn, string Stage, string Subject, AwsCredentials Credentials)
{
    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];

    /// <summary>What points terraform and the SDK's default credential chain at the emulator as this session.</summary>
    public IReadOnlyDictionary<string, string?> Variables(Uri endpoint, string region) => EmulatedIdentity.CredentialVariables(endpoint, region, Credentials);
}
