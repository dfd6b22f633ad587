namespace MlflowDeploy.Review;

/// <summary>
/// One resource instance in a plan. It holds names only (address, type, the attribute paths that force a
/// replacement), never attribute values, so it is safe to print and publish.
/// </summary>
public sealed record PlannedResource(
    string Address,
    string Type,
    PlanAction Action,
    IReadOnlyList<string> ReplaceAttributes,
    bool IsDataSource = false);
