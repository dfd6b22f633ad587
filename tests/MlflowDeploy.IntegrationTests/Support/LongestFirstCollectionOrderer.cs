using Xunit.Abstractions;

[assembly: TestCollectionOrderer("MlflowDeploy.Tests.Support.LongestFirstCollectionOrderer", "MlflowDeploy.IntegrationTests")]

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Starts the collections with the longest serial chains first (longest processing time first): the
/// local-environment collection's tests run one after another, and each class named below takes minutes: most apply
/// and destroy the whole stack (mostly the AWS provider's own waiters), the module classes run terraform test file
/// after file. Started late (xunit's default order is by name), any one of them kept the run waiting for it alone
/// at the end. Ordered by their durations in a CI run on the 2-core machine (2026-12-02).
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    // nameof, so that renaming a class cannot silently drop it from the front of the run.
    private static readonly string[] First =
    [
        LocalEnvironmentCollection.Name, nameof(Infra.TerraformModuleTests), nameof(Recovery.KillMatrixTests),
        nameof(Bootstrap.BootstrapModuleTests), nameof(Pipeline.LeastPrivilegeMutationTests),
        nameof(Pipeline.LeastPrivilegeRehearsalTests), nameof(Teardown.FailedDestroyTests), nameof(Pipeline.RollbackTests),
        nameof(Pipeline.DataLossEndToEndTests), nameof(InitTask.InitHookEndToEndTests), nameof(Pipeline.NonConvergenceTests),
        nameof(Infra.PlanWithoutSecretReadTests), nameof(Emulator.IamEnforcementTests), nameof(Recovery.StaleLockTests),
        nameof(Recovery.OrphanListingTests), nameof(Pipeline.DayTwoOperationsTests),
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
