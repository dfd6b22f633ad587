using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// The artifact bucket holds every model and artifact ever logged; tearing down the service must not take it
/// along. Its resources leave the state before destroy, so terraform forgets the bucket instead of deleting it,
/// and the run says where it is.
/// </summary>
public static class ArtifactBucketRetention
{
    public static async Task KeepAsync(TerraformWorkspace terraform, Action<string> log, CancellationToken cancellationToken)
    {
        var addresses = await terraform.StateListAsync(cancellationToken).ConfigureAwait(false);
        var kept = addresses.Where(address => address.StartsWith("aws_s3_bucket", StringComparison.Ordinal)).ToList();
        if (kept.Count == 0)
        {
            return;
        }

        var name = await BucketNameAsync(terraform, cancellationToken).ConfigureAwait(false);
        await terraform.StateRemoveAsync(kept, cancellationToken).ConfigureAwait(false);
        log($"kept: the artifact bucket {name} ({kept.Count} resource(s) removed from state, not destroyed); delete it by hand when its artifacts are no longer needed");
    }

    private static async Task<string> BucketNameAsync(TerraformWorkspace terraform, CancellationToken cancellationToken)
    {
        using var outputs = await terraform.OutputsAsync(cancellationToken).ConfigureAwait(false);
        return outputs.RootElement.TryGetProperty("artifact_bucket_name", out var output) && output.TryGetProperty("value", out var value)
            ? "s3://" + value.GetString()
            : "(name unknown: no artifact_bucket_name output)";
    }
}
