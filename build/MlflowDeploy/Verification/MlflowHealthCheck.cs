using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>mlflow.health</c>: the server answers <c>/health</c> with <c>OK</c> and <c>/version</c> with the version
/// that was deployed.
/// </summary>
public sealed class MlflowHealthCheck : IVerificationCheck
{
    public const string CheckName = "mlflow.health";

    private readonly MlflowClient _client;
    private readonly string? _expectedVersion;
    private readonly RolloutVerdict? _rollout;

    /// <param name="expectedVersion">The deployed MLflow version (<see cref="DeploymentOutputs.MlflowVersion"/>); null or empty skips the comparison.</param>
    /// <param name="rollout">Once it says the rollout is complete, another version is final: no old task is left to serve it.</param>
    public MlflowHealthCheck(MlflowClient client, string? expectedVersion, RolloutVerdict? rollout = null)
    {
        _client = client;
        _expectedVersion = string.IsNullOrWhiteSpace(expectedVersion) ? null : Normalize(expectedVersion);
        _rollout = rollout;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var health = await _client.GetHealthAsync(cancellationToken);
            if (health.Trim() != "OK")
            {
                return Probe.Fail($"contract breach — GET /health answered 200 with '{Snippet(health)}' instead of 'OK'");
            }

            var version = await _client.GetVersionAsync(cancellationToken);
            if (version.Length == 0 || !char.IsAsciiDigit(version[0]) || version.Length > 40 || version.Any(char.IsWhiteSpace))
            {
                return Probe.Fail($"contract breach — GET /version answered 200 with '{Snippet(version)}', not a version number");
            }

            if (_expectedVersion is not null && Normalize(version) != _expectedVersion && _rollout?.Completed is { } completed)
            {
                return Probe.Fail($"serving MLflow {version}, expected {_expectedVersion}, although {completed} — the image runs another MLflow than infra declares (mlflow_version)");
            }

            if (_expectedVersion is not null && Normalize(version) != _expectedVersion)
            {
                // During a rolling deployment the load balancer serves old and new tasks side by side, so a
                // mismatch is worth waiting out; at the deadline it becomes the failure.
                return Probe.Pending($"serving MLflow {version}, expected {_expectedVersion} (old tasks may still be in service)");
            }

            var versionNote = _expectedVersion is null ? $"MLflow {version} (no expected version given)" : $"MLflow {version} as deployed";
            return Probe.Pass($"/health OK, {versionNote}, at {_client.BaseUrl}");
        }
        catch (MlflowRequestException e)
        {
            return MlflowFailureProbe.From(e, _client.Credentials);
        }
    }

    private static string Normalize(string version) => version.Trim().TrimStart('v', 'V');

    private static string Snippet(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
