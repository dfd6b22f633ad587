using MlflowDeploy.Terraform;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// What a deploy puts in front of users and what a rollback goes back to: the MLflow version (<c>mlflow_version</c>,
/// the init task's migration target) and the image reference the task definition runs (the stack's ECR repository
/// pinned by digest, or an explicit <c>mlflow_image</c>). Kept in one ECS tag value as <c>"&lt;version&gt; &lt;image&gt;"</c>.
/// </summary>
public sealed record Release(string MlflowVersion, string Image)
{
    /// <summary>ECS's limit on a tag value.</summary>
    public const int MaxTagValueLength = 256;

    /// <summary>The release terraform has applied (its outputs), or null for a stack from before the mlflow_image output.</summary>
    public static Release? Of(DeploymentOutputs outputs) =>
        outputs.MlflowImage is { Length: > 0 } image && outputs.MlflowVersion.Length > 0 ? new Release(outputs.MlflowVersion, image) : null;

    /// <summary>Neither part holds a space (a version is digits and dots; an image reference has no spaces), so one separates them.</summary>
    public string ToTagValue() => $"{MlflowVersion} {Image}";

    /// <summary>The release in a tag value, or null when the value is empty or not <c>"&lt;version&gt; &lt;image&gt;"</c>.</summary>
    public static Release? FromTagValue(string? value)
    {
        var parts = (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? new Release(parts[0], parts[1]) : null;
    }

    /// <summary>The image's digest when it is pinned by one (<c>…@sha256:…</c>), else null.</summary>
    public string? Digest
    {
        get
        {
            var at = Image.LastIndexOf('@');
            return at > 0 && Image[(at + 1)..].StartsWith("sha256:", StringComparison.Ordinal) ? Image[(at + 1)..] : null;
        }
    }

    /// <summary>Whether the image is <paramref name="repositoryUrl"/> pinned by digest, as <c>mlflow_image_digest</c> makes it.</summary>
    public bool IsPinnedIn(string? repositoryUrl) =>
        repositoryUrl is { Length: > 0 } && Digest is not null && Image == $"{repositoryUrl}@{Digest}";

    /// <summary>"MLflow 2.18.0 (…@sha256:1a2b3c4d5e6f)": enough to tell two releases apart on one line.</summary>
    public override string ToString() =>
        $"MLflow {MlflowVersion} ({(Digest is { } digest ? "…@" + digest[..Math.Min(digest.Length, 19)] : Image)})";
}
