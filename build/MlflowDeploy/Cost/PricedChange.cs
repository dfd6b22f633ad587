using MlflowDeploy.Review;

namespace MlflowDeploy.Cost;

/// <summary>One managed resource instance of a plan with its priced attributes before and after it (null where it doesn't exist).</summary>
public sealed record PricedChange(string Address, string Type, PlanAction Action, ResourceState? Before, ResourceState? After);
