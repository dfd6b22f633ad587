using MlflowDeploy.Aws;
using MlflowDeploy.Environments;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The remote state bucket of <c>&lt;env&gt;.backend.hcl</c> exists, is in the region the backend names, and keeps
/// versions (the only way back from a corrupted or deleted state file). Init would otherwise fail, or worse, succeed.
/// </summary>
public static class StateBucketCheck
{
    public const string Name = "state bucket";

    public static async Task<PreflightResult> RunAsync(AccountContext context, CancellationToken cancellationToken)
    {
        if (context.Environment.UsesEmulator)
        {
            return PreflightResult.Skip(Name, $"environment '{context.Environment.Name}' keeps its state in the emulator, which the pipeline starts with the bucket in it");
        }

        if (context.Environment.BackendConfigFile is not { } backendFile)
        {
            // The line Plan would stop with, said before anything else runs.
            return PreflightResult.Fail(Name, Terraform.StateBackend.MissingBackendFile(context.Environment).Message);
        }

        var shown = "infra/environments/" + Path.GetFileName(backendFile);
        var backend = TfvarsFile.Read(backendFile);
        var bucket = backend.GetString("bucket");
        var region = backend.GetString("region");
        if (string.IsNullOrEmpty(bucket) || !S3BucketName.IsValid(bucket))
        {
            return PreflightResult.Fail(Name, $"bucket = \"{bucket}\" in {shown} is not a valid S3 bucket name — set it to an existing, versioned bucket you own");
        }

        if (string.IsNullOrEmpty(region) || !RegionNameCheck.KnownRegions.Contains(region))
        {
            return PreflightResult.Fail(Name, $"region = \"{region}\" in {shown} is not an AWS region — set it to the state bucket's region");
        }

        // Asked from us-east-1, which answers for a bucket in any region; a regional endpoint would only redirect.
        string location;
        try
        {
            using var global = context.ClientsFor("us-east-1");
            location = await global.S3.GetBucketRegionAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "NoSuchBucket" or "HTTP404")
        {
            return PreflightResult.Fail(Name,
                $"state bucket '{bucket}' ({shown}) does not exist — create it (versioned, encrypted) in {region}, or set bucket to one you own");
        }

        if (location != region)
        {
            return PreflightResult.Fail(Name, $"state bucket '{bucket}' lives in {location}, but {shown} says region = \"{region}\" — set region = \"{location}\" there");
        }

        using var clients = context.ClientsFor(location);
        var versioning = await clients.S3.GetBucketVersioningAsync(bucket, cancellationToken).ConfigureAwait(false);
        if (versioning != "Enabled")
        {
            return PreflightResult.Fail(Name,
                $"state bucket '{bucket}' has versioning {versioning}, so a lost or corrupted state cannot be restored — run `aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled`");
        }

        return PreflightResult.Pass(Name, $"{bucket} in {location}, versioned");
    }
}
