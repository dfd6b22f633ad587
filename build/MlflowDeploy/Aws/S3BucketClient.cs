using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace MlflowDeploy.Aws;

/// <summary>The artifact bucket's facts the pipeline checks, through AWSSDK.S3.</summary>
public sealed class S3BucketClient : IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly int _maxAttempts;

    internal S3BucketClient(IAmazonS3 s3, int maxAttempts)
    {
        _s3 = s3;
        _maxAttempts = maxAttempts;
    }

    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode == "NoSuchBucket")
        {
            return false;
        }
        catch (AmazonServiceException e)
        {
            // HEAD on a bucket is authorised by s3:ListBucket.
            throw SdkErrorTranslation.Translate(AwsService.S3, "HeadBucket", e, _maxAttempts, "s3:ListBucket");
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.S3, "HeadBucket", e, _maxAttempts);
        }
    }

    /// <summary>
    /// True when the bucket holds any object version or delete marker: S3 refuses to delete such a bucket unless it is
    /// emptied first. One page of one key (<c>s3:ListBucketVersions</c>).
    /// </summary>
    public async Task<bool> HoldsObjectsAsync(string bucket, CancellationToken cancellationToken)
    {
        var response = await CallAsync("ListObjectVersions",
            () => _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, MaxKeys = 1 }, cancellationToken)).ConfigureAwait(false);
        return response.Versions is { Count: > 0 };
    }

    /// <summary>Creates the bucket in <paramref name="region"/> unless this account already owns it.</summary>
    public async Task EnsureBucketAsync(string bucket, string region, CancellationToken cancellationToken)
    {
        var request = new PutBucketRequest { BucketName = bucket };
        if (region != "us-east-1")
        {
            request.BucketRegion = S3Region.FindValue(region);
        }

        try
        {
            await _s3.PutBucketAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            // Already there from an earlier run against the same account.
        }
        catch (AmazonServiceException e)
        {
            throw SdkErrorTranslation.Translate(AwsService.S3, "CreateBucket", e, _maxAttempts, "s3:CreateBucket");
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.S3, "CreateBucket", e, _maxAttempts);
        }
    }

    /// <summary>The bucket's region. S3 reports us-east-1 as an empty constraint and the oldest eu-west-1 buckets as "EU".</summary>
    public async Task<string> GetBucketRegionAsync(string bucket, CancellationToken cancellationToken)
    {
        var response = await CallAsync("GetBucketLocation",
            () => _s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken)).ConfigureAwait(false);
        return NormaliseLocation(response.Location?.Value);
    }

    /// <summary><c>Enabled</c>, <c>Suspended</c>, or <c>Off</c> for a bucket that never had versioning.</summary>
    public async Task<string> GetBucketVersioningAsync(string bucket, CancellationToken cancellationToken)
    {
        var response = await CallAsync("GetBucketVersioning",
            () => _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, cancellationToken)).ConfigureAwait(false);
        var status = response.VersioningConfig?.Status?.Value;
        return string.IsNullOrEmpty(status) ? "Off" : status;
    }

    /// <summary>
    /// The object's content as a stream from the network, or null when the bucket holds no such key. Nothing is
    /// written to disk; disposing the stream ends the download, so a reader may stop early.
    /// </summary>
    public async Task<Stream?> OpenObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            throw SdkErrorTranslation.Translate(AwsService.S3, "GetObject", e, _maxAttempts, "s3:GetObject");
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.S3, "GetObject", e, _maxAttempts);
        }
    }

    internal static string NormaliseLocation(string? location) => location switch
    {
        null or "" => "us-east-1",
        "EU" => "eu-west-1",
        _ => location,
    };

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw SdkErrorTranslation.Translate(AwsService.S3, operation, e, _maxAttempts);
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.S3, operation, e, _maxAttempts);
        }
    }

    public void Dispose() => _s3.Dispose();
}
