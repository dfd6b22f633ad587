using System.Text;
using System.Text.Json;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class StateOutputsReaderTests
{
    private const string Outputs = """{"region":{"value":"eu-west-2","type":"string"},"desired_count":{"value":2,"type":"number"},"db_password":{"value":"hunter2-secret","type":"string","sensitive":true}}""";

    private static string State(string outputs = Outputs, int version = 4, string resources = """[{"mode":"managed","type":"aws_db_instance","instances":[{"attributes":{"password":"in-the-resources"}}]}]""") =>
        $$"""{"version":{{version}},"terraform_version":"1.11.4","serial":7,"lineage":"x","outputs":{{outputs}},"resources":{{resources}},"check_results":null}""";

    [Fact]
    public async Task Reads_the_outputs_in_the_shape_of_terraform_output_json()
    {
        using var outputs = await StateOutputsReader.ReadAsync(new TrickleStream(State(), 5), CancellationToken.None);

        Assert.Equal("eu-west-2", outputs.RootElement.GetProperty("region").GetProperty("value").GetString());
        Assert.Equal(2, outputs.RootElement.GetProperty("desired_count").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task A_sensitive_output_keeps_no_value()
    {
        using var outputs = await StateOutputsReader.ReadAsync(new TrickleStream(State(), 64), CancellationToken.None);

        Assert.True(outputs.RootElement.GetProperty("db_password").GetProperty("sensitive").GetBoolean());
        Assert.False(outputs.RootElement.GetProperty("db_password").TryGetProperty("value", out _));
        Assert.DoesNotContain("hunter2", outputs.RootElement.GetRawText());
    }

    [Fact]
    public async Task Reading_stops_once_version_and_outputs_are_known()
    {
        var stream = new TrickleStream(State(resources: "[" + string.Join(',', Enumerable.Repeat("""{"x":"y"}""", 200_000)) + "]"), 4096);

        using var _ = await StateOutputsReader.ReadAsync(stream, CancellationToken.None);

        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead} bytes of {stream.Length}");
    }

    [Fact]
    public async Task Outputs_after_a_large_resource_list_are_found_without_holding_the_list()
    {
        var resources = "[" + string.Join(',', Enumerable.Repeat("""{"attributes":{"id":"abcdefghij"}}""", 100_000)) + "]";
        var state = $$"""{"version":4,"resources":{{resources}},"outputs":{{Outputs}}}""";

        using var outputs = await StateOutputsReader.ReadAsync(new TrickleStream(state, 1000), CancellationToken.None);

        Assert.Equal("eu-west-2", outputs.RootElement.GetProperty("region").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData(3, "its format version is 3; this reader knows version 4 only")]
    [InlineData(5, "its format version is 5; this reader knows version 4 only")]
    public async Task A_format_version_it_does_not_know_is_refused(int version, string reason)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StateOutputsReader.ReadAsync(new TrickleStream(State(version: version), 3), CancellationToken.None));

        Assert.Equal(reason, error.Message);
    }

    [Theory]
    [InlineData("""{"outputs":{}}""", "it has no format version")]
    [InlineData("""{"version":4,"resources":[]}""", "it has no outputs")]
    [InlineData("""[1,2]""", "it is not a JSON object")]
    [InlineData("""{"version":"4","outputs":{}}""", "its version is not a number")]
    [InlineData("""{"version":4,"outputs":[]}""", "its outputs are not an object")]
    public async Task A_state_that_is_not_one_it_knows_is_refused_with_the_reason(string text, string reason)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StateOutputsReader.ReadAsync(new TrickleStream(text, 2), CancellationToken.None));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public async Task Text_that_is_not_json_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StateOutputsReader.ReadAsync(new TrickleStream("<Error>AccessDenied</Error>", 100), CancellationToken.None));

        Assert.StartsWith("it is not JSON", error.Message);
    }

    [Fact]
    public async Task An_empty_state_after_destroy_has_empty_outputs()
    {
        using var outputs = await StateOutputsReader.ReadAsync(new TrickleStream(State(outputs: "{}", resources: "[]"), 10), CancellationToken.None);

        Assert.Equal(JsonValueKind.Object, outputs.RootElement.ValueKind);
        Assert.Empty(outputs.RootElement.EnumerateObject());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_optional_outputs_of_a_basic_auth_stack_are_read_from_the_state(bool basicAuth)
    {
        // Terraform keeps no null root output in the state, so a stack without basic-auth has no verifier_secret_arn there.
        var arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:mlflow-local-verifier-AbCdEf";
        var outputs = new Dictionary<string, object>
        {
            ["region"] = "eu-west-2", ["mlflow_url"] = "http://alb.example", ["mlflow_version"] = "2.18.0",
            ["ecs_cluster_name"] = "c", ["ecs_service_name"] = "s", ["container_name"] = "mlflow",
            ["task_definition_arn"] = "arn:td", ["desired_count"] = 2, ["load_balancer_arn"] = "arn:lb",
            ["target_group_arn"] = "arn:tg", ["log_group_name"] = "/ecs/mlflow", ["db_instance_identifier"] = "db",
            ["artifact_bucket_name"] = "b", ["auth_mode"] = basicAuth ? "basic-auth" : "none",
        };
        if (basicAuth)
        {
            outputs["verifier_secret_arn"] = arn;
        }

        var json = JsonSerializer.Serialize(outputs.ToDictionary(o => o.Key, o => new { value = o.Value, type = o.Value is int ? "number" : "string" }));
        using var read = await StateOutputsReader.ReadAsync(new TrickleStream(State(outputs: json), 7), CancellationToken.None);

        var deployed = DeploymentOutputs.FromTerraformOutputs(read.RootElement);
        Assert.Equal(basicAuth ? arn : null, deployed.VerifierSecretArn);
        Assert.Equal(2, deployed.DesiredCount);
    }

    /// <summary>Hands out at most a few bytes per read, as a slow network would, and counts what was taken.</summary>
    private sealed class TrickleStream(string text, int chunk) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, Math.Min(count, chunk));
            BytesRead += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = base.Read(buffer.Span[..Math.Min(buffer.Length, chunk)]);
            BytesRead += read;
            return ValueTask.FromResult(read);
        }
    }
}
