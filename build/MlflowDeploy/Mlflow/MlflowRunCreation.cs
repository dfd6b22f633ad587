namespace MlflowDeploy.Mlflow;

/// <summary>
/// What <c>runs/create</c> takes. The server adds the <c>mlflow.runName</c> tag from <see cref="RunName"/> (and
/// refuses a different value in <see cref="Tags"/>); <c>mlflow.user</c> is the client's to send as a tag.
/// </summary>
public sealed record MlflowRunCreation
{
    public required string ExperimentId { get; init; }

    public string? RunName { get; init; }

    /// <summary>Milliseconds since the epoch.</summary>
    public long? StartTime { get; init; }

    public string? UserId { get; init; }

    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];
}
