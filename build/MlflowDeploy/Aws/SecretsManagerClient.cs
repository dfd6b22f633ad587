using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>
/// The Secrets Manager calls the pipeline makes (JSON 1.1, target prefix <c>secretsmanager</c>). Values read or
/// written here never reach a log: <see cref="SecretValue"/> hides its text from <c>ToString</c>.
/// </summary>
public sealed class SecretsManagerClient
{
    private readonly AwsJsonClient _json;

    internal SecretsManagerClient(AwsJsonClient json) => _json = json;

    public const string TargetPrefix = "secretsmanager";

    /// <summary>The secret's metadata (no value), or null when Secrets Manager answers <c>ResourceNotFoundException</c>.</summary>
    public async Task<SecretDescription?> DescribeSecretAsync(string secretId, CancellationToken cancellationToken)
    {
        JsonElement answer;
        try
        {
            answer = await _json.CallAsync("DescribeSecret", new JsonObject { ["SecretId"] = secretId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }

        var stages = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (answer.TryGetProperty("VersionIdsToStages", out var versions) && versions.ValueKind == JsonValueKind.Object)
        {
            foreach (var version in versions.EnumerateObject())
            {
                stages[version.Name] = version.Value.EnumerateArray().Select(s => s.GetString() ?? "").ToList();
            }
        }

        return new SecretDescription(answer.Str("ARN") ?? secretId, answer.Str("Name") ?? "", stages, answer.Time("DeletedDate"));
    }

    /// <summary>
    /// Writes a new version and makes it <c>AWSCURRENT</c>. <paramref name="clientRequestToken"/> is the version id:
    /// the same token with the same value is a no-op, with another value <c>ResourceExistsException</c>, so writers
    /// that share a token cannot both win.
    /// </summary>
    public async Task<SecretVersionWritten> PutSecretValueAsync(string secretId, string secretString, string clientRequestToken, CancellationToken cancellationToken)
    {
        var answer = await _json.CallAsync("PutSecretValue", new JsonObject
        {
            ["SecretId"] = secretId,
            ["SecretString"] = secretString,
            ["ClientRequestToken"] = clientRequestToken,
        }, cancellationToken).ConfigureAwait(false);
        return new SecretVersionWritten(
            answer.Str("ARN") ?? secretId,
            answer.Str("VersionId") ?? clientRequestToken,
            answer.Array("VersionStages").Select(s => s.GetString() ?? "").ToList());
    }

    /// <summary>The value of <paramref name="versionStage"/> (AWSCURRENT by default).</summary>
    public async Task<SecretValue> GetSecretValueAsync(string secretId, CancellationToken cancellationToken, string versionStage = SecretDescription.CurrentStage)
    {
        var answer = await _json.CallAsync("GetSecretValue", new JsonObject { ["SecretId"] = secretId, ["VersionStage"] = versionStage }, cancellationToken)
            .ConfigureAwait(false);
        return new SecretValue(answer.Str("ARN") ?? secretId, answer.Str("VersionId") ?? "", answer.Str("SecretString") ?? "");
    }
}
