namespace MlflowDeploy.GitHub;

/// <summary>What GitHub's REST API refuses, so that renderers cut their own text instead of meeting a 422.</summary>
public static class GitHubLimits
{
    /// <summary>An issue body or an issue or pull-request comment: "body is too long (maximum is 65536 characters)".</summary>
    public const int BodyLength = 65_536;

    /// <summary>Room a publisher keeps at the top of a body for its own hidden marker line.</summary>
    public const int MarkerLineLength = 128;

    /// <summary>The longest Markdown a renderer hands to a publisher: a body less the marker line.</summary>
    public const int MarkdownLength = BodyLength - MarkerLineLength;
}
