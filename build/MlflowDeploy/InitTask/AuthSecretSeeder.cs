using System.Security.Cryptography;
using System.Text.Json;
using MlflowDeploy.Aws;

namespace MlflowDeploy.InitTask;

/// <summary>
/// Writes the first value of each basic-auth secret whose container (infra/secrets.tf) has none. A secret that
/// already has an <c>AWSCURRENT</c> version is never touched, so a value an operator rotated by hand stays. Every
/// run uses the same <see cref="ClientRequestToken"/>: two runs racing on an empty secret converge on the value
/// of whichever wrote first, because Secrets Manager refuses a second, different value under the same version id.
/// Values are generated here and go only to Secrets Manager; nothing here logs them.
/// </summary>
public static class AuthSecretSeeder
{
    public const string ClientRequestToken = "mlflow-deploy-initial-value-000000000001";

    public const string AdminUsername = "admin";
    public const string VerifierUsername = "mlflow-verify";

    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The purposes infra/secrets.tf creates secrets for, and what the first value of each is.</summary>
    internal static string FirstValue(string purpose, Func<int, string> generate) => purpose switch
    {
        "admin" => JsonSerializer.Serialize(new { username = AdminUsername, password = generate(40) }),
        "verifier" => JsonSerializer.Serialize(new { username = VerifierUsername, password = generate(40) }),
        "flask_secret_key" => generate(64),
        _ => throw new ActionableError(
            $"unknown auth secret purpose '{purpose}' in {InitTaskSettings.Prefix}AUTH_SECRETS — infra/secrets.tf and the deploy library disagree; update both together",
            exitCode: 2),
    };

    /// <summary>40 alphanumerics carry about 238 bits; no character needs escaping in JSON, an ini file or a URI.</summary>
    public static string Generate(int length) => RandomNumberGenerator.GetString(Alphanumerics, length);

    public static async Task SeedAsync(
        SecretsManagerClient secretsManager,
        IReadOnlyDictionary<string, string> secrets,
        Action<string> log,
        CancellationToken cancellationToken,
        Func<int, string>? generate = null)
    {
        generate ??= Generate;
        foreach (var (purpose, arn) in secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var value = FirstValue(purpose, generate);
            var secret = await secretsManager.DescribeSecretAsync(arn, cancellationToken).ConfigureAwait(false)
                ?? throw new ActionableError($"the {purpose} secret {arn} does not exist — apply the stack that creates it (infra/secrets.tf) first", exitCode: 2);
            if (secret.HasCurrentValue)
            {
                log($"{purpose} secret {secret.Name}: has a value, kept");
                continue;
            }

            try
            {
                await secretsManager.PutSecretValueAsync(arn, value, ClientRequestToken, cancellationToken).ConfigureAwait(false);
                log($"{purpose} secret {secret.Name}: first value generated and written");
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceExistsException")
            {
                // Another run wrote its value under the same version id between our describe and our put.
                var again = await secretsManager.DescribeSecretAsync(arn, cancellationToken).ConfigureAwait(false);
                if (again is not { HasCurrentValue: true })
                {
                    throw new ActionableError(
                        $"the {purpose} secret {secret.Name} has a version {ClientRequestToken} but none is AWSCURRENT — put a value by hand (aws secretsmanager put-secret-value) and re-run",
                        exitCode: 2, e);
                }

                log($"{purpose} secret {secret.Name}: written by a concurrent run, kept");
            }
        }
    }
}
