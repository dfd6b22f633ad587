using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MlflowDeploy.Tests.Support.LongestFirstCollectionOrderer", "MlflowDeploy.IntegrationTests")]

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Starts the collections with the longest serial chains first (longest processing time first): the
/// local-environment collection's tests run one after another, and each class named below applies and destroys
/// the whole stack, minutes apiece, mostly in the AWS provider's own waiters. Started last (xunit's default order
/// is by name), any one of them made the whole run wait for it alone at the end. Ordered by their durations in CI.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] First =
    [
        LocalEnvironmentCollection.Name, "LeastPrivilegeMutationTests", "LeastPrivilegeRehearsalTests", "KillMatrixTests",
        "FailedDestroyTests", "DataLossEndToEndTests", "RollbackTests", "InitHookEndToEndTests", "NonConvergenceTests",
        "OrphanListingTests", "StaleLockTests", "PlanWithoutSecretReadTests",
    ];

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
