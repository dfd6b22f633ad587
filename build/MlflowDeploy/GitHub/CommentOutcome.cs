namespace MlflowDeploy.GitHub;

public enum CommentAction
{
    Created,
    Updated,
    Skipped,
}

/// <summary>What publishing did; <see cref="Message"/> is one line for the log (a warning when skipped).</summary>
public sealed record CommentOutcome(CommentAction Action, string Message, long? CommentId = null, string? Url = null);
