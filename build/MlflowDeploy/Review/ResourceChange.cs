namespace MlflowDeploy.Review;

/// <summary>One resource a plan would touch, and the names of the attributes that differ (empty for a create or destroy).</summary>
public sealed record ResourceChange(string Address, PlanAction Action, IReadOnlyList<string> Attributes)
{
    /// <summary><c>aws_ecs_service.mlflow (change in place): desired_count</c>.</summary>
    public override string ToString() =>
        $"{Address} ({Action.Heading().ToLowerInvariant()})" + (Attributes.Count > 0 ? ": " + string.Join(", ", Attributes) : string.Empty);
}
