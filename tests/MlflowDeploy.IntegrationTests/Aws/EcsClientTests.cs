using MlflowDeploy.Aws;
using WireMock.RequestBuilders;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// ECS answers that moto doesn't produce (a stopped task with exit codes, several pages of task ARNs), served
/// in the shape real ECS sends.
/// </summary>
public sealed class EcsClientTests
{
    [Fact]
    public async Task A_stopped_task_reads_its_reason_times_container_exit_codes_and_address()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.DescribeTasks")).RespondWith(StubbedAws.Json(200, """
            {"tasks":[{"taskArn":"arn:aws:ecs:eu-west-2:123456789012:task/c/abc","lastStatus":"STOPPED","desiredStatus":"STOPPED",
              "healthStatus":"UNHEALTHY","stopCode":"EssentialContainerExited","stoppedReason":"Essential container in task exited",
              "startedAt":1764201600.123,"stoppedAt":1764201660,"taskDefinitionArn":"arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow:7",
              "attachments":[{"type":"ElasticNetworkInterface","status":"DELETED","details":[
                {"name":"subnetId","value":"subnet-1"},{"name":"privateIPv4Address","value":"10.0.1.23"}]}],
              "containers":[{"name":"mlflow","lastStatus":"STOPPED","exitCode":1,"reason":"OutOfMemoryError: Container killed due to memory usage","healthStatus":"UNHEALTHY"}]}],
             "failures":[{"arn":"arn:aws:ecs:eu-west-2:123456789012:task/c/gone","reason":"MISSING"}]}
            """));

        var result = await aws.Clients.Ecs.DescribeTasksAsync("c", ["arn:aws:ecs:eu-west-2:123456789012:task/c/abc", "arn:aws:ecs:eu-west-2:123456789012:task/c/gone"], CancellationToken.None);

        var task = Assert.Single(result.Tasks);
        Assert.Equal(("STOPPED", "STOPPED", "UNHEALTHY", "EssentialContainerExited", "Essential container in task exited"),
            (task.LastStatus, task.DesiredStatus, task.HealthStatus, task.StopCode, task.StoppedReason));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764201600123), task.StartedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764201660), task.StoppedAt);
        Assert.Equal("10.0.1.23", task.PrivateIpv4Address);
        Assert.Equal(new EcsContainer("mlflow", "STOPPED", 1, "OutOfMemoryError: Container killed due to memory usage", "UNHEALTHY"), Assert.Single(task.Containers));
        Assert.Equal("MISSING", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public async Task ListTasks_follows_nextToken_and_sends_the_filters()
    {
        using var aws = new StubbedAws();
        var target = "AmazonEC2ContainerServiceV20141113.ListTasks";
        aws.Server.Given(StubbedAws.JsonCall(target).WithBody(b => b != null && !b.Contains("nextToken")))
            .RespondWith(StubbedAws.Json(200, """{"taskArns":["arn:t/1","arn:t/2"],"nextToken":"page-2"}"""));
        aws.Server.Given(StubbedAws.JsonCall(target).WithBody(b => b != null && b.Contains("\"nextToken\":\"page-2\"")))
            .RespondWith(StubbedAws.Json(200, """{"taskArns":["arn:t/3"]}"""));

        var arns = await aws.Clients.Ecs.ListTaskArnsAsync("c", "mlflow", "STOPPED", CancellationToken.None);

        Assert.Equal(["arn:t/1", "arn:t/2", "arn:t/3"], arns);
        Assert.Equal("""{"cluster":"c","serviceName":"mlflow","desiredStatus":"STOPPED"}""", aws.Server.LogEntries.First().RequestMessage.Body);
    }
}
