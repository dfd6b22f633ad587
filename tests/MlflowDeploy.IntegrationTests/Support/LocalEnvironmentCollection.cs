namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Tests that run the pipeline on the repository's own <c>local</c> environment share its state file,
/// terraform data folder and artifacts, so they run one at a time — one collection, whose tests xunit runs
/// in sequence while other collections run beside it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LocalEnvironmentCollection
{
    public const string Name = "repository's local environment";
}
