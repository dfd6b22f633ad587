using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary><c>s3</c>: the deployed artifact bucket exists, lives in the stack's region, and is versioned.</summary>
public sealed class ArtifactBucketVersioningCheck(S3BucketClient s3, DeploymentOutputs outputs) : IVerificationCheck
{
    public const string CheckName = "s3";

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        var bucket = outputs.ArtifactBucketName;
        try
        {
            if (!await s3.BucketExistsAsync(bucket, cancellationToken).ConfigureAwait(false))
            {
                return Probe.Fail($"artifact bucket '{bucket}' does not exist: run Apply (MLflow cannot store artifacts without it)");
            }

            var region = await s3.GetBucketRegionAsync(bucket, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(region, outputs.Region, StringComparison.Ordinal))
            {
                return Probe.Fail($"artifact bucket '{bucket}' is in {region}, not the stack's region {outputs.Region}: a bucket of that name belongs elsewhere, pick another name");
            }

            var versioning = await s3.GetBucketVersioningAsync(bucket, cancellationToken).ConfigureAwait(false);
            if (versioning != "Enabled")
            {
                return Probe.Fail($"artifact bucket '{bucket}' versioning is {versioning}, not Enabled: enable it in infra/s3.tf and re-apply");
            }
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        return Probe.Pass($"{bucket} in {outputs.Region}, versioning Enabled");
    }
}
