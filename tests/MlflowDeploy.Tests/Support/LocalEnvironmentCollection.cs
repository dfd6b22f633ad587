namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Tests that run the pipeline on the repository's own <c>local</c> environment share its state file,
/// terraform data folder and artifacts, so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalEnvironmentCollection
{
    public const string Name = "repository's local environment";
}
