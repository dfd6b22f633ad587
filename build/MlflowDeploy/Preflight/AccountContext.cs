using MlflowDeploy.Aws;
using MlflowDeploy.Environments;

namespace MlflowDeploy.Preflight;

/// <summary>What the account checks share: who we are, the clients for the stack's region, and the rendered settings.</summary>
public sealed record AccountContext
{
    public required DeployEnvironment Environment { get; init; }
    public required StackSettings Settings { get; init; }
    public required RenderedStack Stack { get; init; }
    public required AwsCredentials Credentials { get; init; }
    public required CallerIdentity Identity { get; init; }
    public required AwsClients Clients { get; init; }
    public required PreflightOptions Options { get; init; }
    public required HttpClient Http { get; init; }

    public string VarFileShown => "infra/environments/" + Path.GetFileName(Environment.VarFile);

    /// <summary>Clients for another region (the state bucket's, or us-east-1 where S3 answers for every bucket).</summary>
    public AwsClients ClientsFor(string region) =>
        AwsClients.Create(Credentials, region, Options.AwsEnvironment, Options.Retry, Http);
}
