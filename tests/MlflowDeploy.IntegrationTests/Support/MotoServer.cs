using System.Text.Json;
using MlflowDeploy.Local;

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// A private emulator (the pipeline's own <see cref="MotoEmulator"/>) on a free loopback port for one test class, stopped on dispose. Services report
/// two running tasks (<c>MOTO_ECS_SERVICE_RUNNING=2</c>). Fixtures are created with the awscli, never by the code under test.
/// </summary>
public class MotoServer : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    public const string AccessKeyId = "testing";
    public const string SecretAccessKey = "testing";

    private MotoEmulator? _emulator;

    public Uri Endpoint => _emulator?.Endpoint ?? throw new InvalidOperationException("moto is not started");

    public virtual async Task InitializeAsync() =>
        _emulator = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = Path.Combine(Path.GetTempPath(), $"moto-{Guid.NewGuid():N}.log"), EcsServiceRunning = 2 },
            CancellationToken.None);

    /// <summary>Runs <c>aws --endpoint-url … &lt;args&gt;</c> (awscli v1, JSON output) and returns the parsed answer.</summary>
    public async Task<JsonElement> AwsCliAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(
            "aws",
            ["--endpoint-url", Endpoint.ToString(), "--output", "json", .. arguments],
            CommandDeadline.Helper,
            environment: new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
                ["AWS_SESSION_TOKEN"] = null,
                ["AWS_PROFILE"] = null,
                ["AWS_DEFAULT_REGION"] = Region,
                ["AWS_ENDPOINT_URL"] = null,
            });
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? default : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public virtual async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
