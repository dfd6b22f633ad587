using MlflowDeploy.Cost;
using MlflowDeploy.Tests.Review;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// The plans the cost tests price: the reference stack's (Review/Fixtures/reference-stack, local.tfvars) and this
/// folder's (Fixtures/make-cost-fixtures.sh: staging and production create plans, desired_count 2 → 4, Multi-AZ on),
/// all made by terraform from the product's own infra/ against moto.
/// </summary>
internal static class CostFixtures
{
    public static string Folder { get; } = Path.Combine(Support.RepositoryRoot.Path, "tests", "MlflowDeploy.Tests", "Cost", "Fixtures");

    public static string Reference(string name) => PlanFixtures.Json(name, PlanFixtures.ReferenceStack);

    public static string Json(string name) => Path.Combine(Folder, $"{name}.plan.json");

    /// <summary>Estimates with the repository's own price table and usage files.</summary>
    public static Task<CostEstimate> EstimateAsync(string planJsonPath, string environment = "local") =>
        CostEstimator.EstimateAsync(planJsonPath, environment, Support.RepositoryRoot.Path, CancellationToken.None);

    /// <summary>The one row of <paramref name="address"/> whose label starts with <paramref name="label"/>.</summary>
    public static CostRow Row(CostEstimate estimate, string address, string label) =>
        Assert.Single(estimate.Rows(), r => r.Address == address && r.Label.StartsWith(label, StringComparison.Ordinal));
}
