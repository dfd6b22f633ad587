using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The artifact bucket must live in the stack's region: the task role, the VPC endpoint-free path through the NAT
/// and MLflow's boto3 client all assume it (the reference deployment put the stack in us-west-2 and the bucket in
/// eu-west-2). A bucket the stack uses but does not create must exist.
/// </summary>
public static class ArtifactBucketLocationCheck
{
    public const string Name = "artifact bucket";

    public static async Task<PreflightResult> RunAsync(AccountContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        // A derived name holds the account id, which the offline render only had as a placeholder.
        var bucket = settings.ArtifactBucketName
            ?? context.Stack.ArtifactBucketName.Replace(StackRenderFiles.PlaceholderAccountId, context.Identity.Account, StringComparison.Ordinal);

        // S3 answers GetBucketLocation for a bucket in any region from us-east-1.
        using var global = context.ClientsFor("us-east-1");
        string location;
        try
        {
            location = await global.S3.GetBucketRegionAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableError e) when (settings.CreateArtifactBucket && e.InnerException is AwsServiceException { Category: AwsErrorCategory.AccessDenied })
        {
            // Bucket names are global: a bucket we may not even locate belongs to another account.
            return PreflightResult.Fail(Name,
                $"the bucket name '{bucket}' is taken by another AWS account (S3 names are global), so creating it would fail — set artifact_bucket_name to another name in {context.VarFileShown}");
        }
        catch (AwsServiceException e) when (e.ErrorCode is "NoSuchBucket" or "HTTP404")
        {
            return settings.CreateArtifactBucket
                ? PreflightResult.Pass(Name, $"{bucket} will be created in {settings.Region}")
                : PreflightResult.Fail(Name,
                    $"'{bucket}' does not exist, and create_artifact_bucket = false — create it in {settings.Region}, fix artifact_bucket_name, or set create_artifact_bucket = true in {context.VarFileShown}");
        }

        if (location != settings.Region)
        {
            return PreflightResult.Fail(Name,
                $"'{bucket}' lives in {location}, but the stack deploys to {settings.Region} — set region = \"{location}\" in {context.VarFileShown}, or use a bucket in {settings.Region} (artifact_bucket_name)");
        }

        return PreflightResult.Pass(Name, settings.CreateArtifactBucket
            ? $"{bucket} exists in {location} (created by an earlier apply of this stack)"
            : $"{bucket} exists in {location}, the stack's region");
    }
}
