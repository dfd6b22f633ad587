using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MlflowDeploy.Tests.Support.LongestFirstCollectionOrderer", "MlflowDeploy.IntegrationTests")]

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Starts the collections with the longest serial chains first: the full rehearsal and its neighbours in the
/// local-environment collection take about five minutes one after another, so starting them last (xunit's
/// default order is by name) made the whole run wait for them alone at the end.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] First = [LocalEnvironmentCollection.Name, "DataLossEndToEndTests"];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(collection => Rank(collection.DisplayName))
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);

    private static int Rank(string displayName)
    {
        for (var i = 0; i < First.Length; i++)
        {
            if (displayName.Contains(First[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return First.Length;
    }
}
