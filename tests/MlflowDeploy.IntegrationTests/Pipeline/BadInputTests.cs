using System.Net;
using System.Net.Sockets;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>Bad input through the real build script: one line naming the problem and the fix, a non-zero exit, nothing applied.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class BadInputTests
{
    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();

    private static void AssertOneLineFailure(BuildScript.Result result, int exitCode, string expectedStart)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}\n{result.All}");
        var stderr = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(stderr, l => l.StartsWith('✖'));
        Assert.StartsWith("✖ " + expectedStart, line);
        Assert.DoesNotContain("   at ", result.All); // no stack trace
        Assert.DoesNotContain("Apply complete", result.All);
    }

    [Fact]
    public async Task An_unknown_environment_lists_the_valid_ones()
    {
        var result = await BuildScript.RunAsync("--target=Plan", "--environment=nope");

        AssertOneLineFailure(result, 2, "unknown environment 'nope': there is no infra/environments/nope.tfvars; valid environments: local, local-secure, production, staging");
        Assert.DoesNotContain("AWS emulator", result.All);
    }

    [Fact]
    public async Task A_value_that_breaks_a_validation_block_names_the_variable_and_the_rule()
    {
        using var environment = new TemporaryEnvironment("local-badvalue", new Dictionary<string, string> { ["desired_count"] = "-1" });

        var result = await BuildScript.RunAsync("--target=Plan", $"--environment={environment.Name}");

        AssertOneLineFailure(result, 1, $"terraform plan failed (exit 1): environments/{environment.Name}.tfvars:");
        var line = LastLine(result.Error);
        Assert.Contains("variable desired_count: Invalid value for variable:", line);
        Assert.False(File.Exists(Path.Combine(environment.Artifacts, "plan.bin")));
    }

    [Fact]
    public async Task Terraform_missing_from_path_is_one_line_and_starts_nothing()
    {
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':')
            .Where(dir => !File.Exists(Path.Combine(dir, "terraform"))));

        var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["PATH"] = path }, "--target=Plan");

        AssertOneLineFailure(result, 2, "terraform was not found on PATH — install Terraform 1.11 or later");
        Assert.DoesNotContain("AWS emulator", result.All);
    }

    [Fact]
    public async Task A_taken_emulator_port_is_one_line()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["MOTO_PORT"] = port.ToString() }, "--target=Plan");

        AssertOneLineFailure(result, 2, $"emulator port {port} is already in use on 127.0.0.1");
    }

    [Fact]
    public async Task A_malformed_argument_is_one_line()
    {
        var result = await BuildScript.RunAsync("--target=Verify", "--timeout=soon");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--timeout='soon' is not a duration", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }
}
