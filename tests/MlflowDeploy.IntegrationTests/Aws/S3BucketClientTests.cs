using MlflowDeploy.Aws;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowDeploy.Tests.Aws;

/// <summary>S3 errors surface through the SDK; they must map to the same one-line errors as our own clients.</summary>
public sealed class S3BucketClientTests
{
    [Fact]
    public async Task A_forbidden_HEAD_names_the_ListBucket_permission()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(Request.Create().WithPath("/mlflow-artifacts", "/mlflow-artifacts/").UsingHead()).RespondWith(Response.Create().WithStatusCode(403));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.S3.BucketExistsAsync("mlflow-artifacts", CancellationToken.None));

        Assert.StartsWith("AWS denied s3:ListBucket (", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public async Task Access_denied_on_versioning_names_the_call()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(Request.Create().WithPath("/mlflow-artifacts", "/mlflow-artifacts/").UsingGet().WithParam("versioning")).RespondWith(Response.Create()
            .WithStatusCode(403).WithHeader("Content-Type", "application/xml")
            .WithBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r</RequestId></Error>"));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.S3.GetBucketVersioningAsync("mlflow-artifacts", CancellationToken.None));

        Assert.Equal("AWS denied s3:GetBucketVersioning (AccessDenied): allow that action in the IAM policy of the identity running this, then re-run",
            error.Message);
        Assert.Equal(1, aws.RequestCount);
    }
}
