namespace MlflowDeploy.Review;

/// <summary>A stateful resource the plan would destroy or replace, and the attributes forcing a replacement.</summary>
public sealed record DataLossRisk(string Address, string Type, PlanAction Action, IReadOnlyList<string> ForcingAttributes)
{
    /// <summary>"aws_db_instance.this (replace: identifier)" or "aws_s3_bucket.artifacts (destroy)".</summary>
    public string Describe() => Action == PlanAction.Replace
        ? ForcingAttributes.Count > 0
            ? $"{Address} (replace: {string.Join(", ", ForcingAttributes)})"
            : $"{Address} (replace)"
        : $"{Address} (destroy)";
}
