using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// The artifact bucket holds every model and artifact ever logged; tearing down the service must not take it along.
/// Destroy leaves its resources out of the destroy plan, and only once everything else is gone does it take them out
/// of the state, so terraform forgets the bucket instead of deleting it. A destroy that fails partway therefore
/// leaves the bucket in the state, and the next apply does not try to create a bucket that exists.
/// </summary>
public static class ArtifactBucketRetention
{
    private const string BucketName = "artifacts";

    /// <summary>The addresses in <paramref name="stateAddresses"/> that make up the artifact bucket (the bucket and its settings).</summary>
    public static IReadOnlyList<string> KeptAddresses(IEnumerable<string> stateAddresses) =>
        stateAddresses.Where(address =>
        {
            var dot = address.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || !address.StartsWith("aws_s3_bucket", StringComparison.Ordinal))
            {
                return false;
            }

            var name = address[(dot + 1)..];
            var index = name.IndexOf('[', StringComparison.Ordinal);
            return (index < 0 ? name : name[..index]) == BucketName;
        }).ToList();

    /// <summary>The kept bucket as s3://name, from the state (read before anything is destroyed).</summary>
    public static async Task<string> BucketAsync(TerraformWorkspace terraform, CancellationToken cancellationToken)
    {
        using var state = await terraform.StatePullAsync(cancellationToken).ConfigureAwait(false);
        var bucket = state is null ? null : StateResources.Attribute(state.RootElement, "aws_s3_bucket", BucketName, "bucket");
        return bucket is null ? "(name unknown: no aws_s3_bucket.artifacts in the state)" : "s3://" + bucket;
    }

    /// <summary>Forgets the kept resources (never deletes them) and says where the bucket is.</summary>
    public static async Task ForgetAsync(TerraformWorkspace terraform, IReadOnlyList<string> kept, string bucket, Action<string> log, CancellationToken cancellationToken)
    {
        await terraform.StateRemoveAsync(kept, cancellationToken).ConfigureAwait(false);
        log($"kept: the artifact bucket {bucket} ({kept.Count} resource(s) removed from state, not destroyed); delete it by hand when its artifacts are no longer needed");
    }
}
