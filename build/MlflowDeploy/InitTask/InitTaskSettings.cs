using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.InitTask;

/// <summary>
/// What infra/init.tf's provisioner hands the hook, as <c>MLFLOW_INIT_*</c> environment variables: names and ARNs
/// of the stack, never a secret value. A missing or malformed variable is a one-line error (exit 2) naming it.
/// </summary>
public sealed record InitTaskSettings
{
    public const string Prefix = "MLFLOW_INIT_";

    public required string Environment { get; init; }
    public required string Stack { get; init; }
    public required string Region { get; init; }
    public required string Cluster { get; init; }
    public required string Service { get; init; }
    public required string TaskDefinition { get; init; }
    public required string Container { get; init; }
    public required IReadOnlyList<string> Subnets { get; init; }
    public required IReadOnlyList<string> SecurityGroups { get; init; }
    public required string MlflowVersion { get; init; }
    public required string DbInstance { get; init; }

    /// <summary>Purpose (admin, verifier, flask_secret_key) → secret ARN; empty without basic-auth.</summary>
    public required IReadOnlyDictionary<string, string> AuthSecrets { get; init; }

    public required TimeSpan TaskTimeout { get; init; }
    public required TimeSpan SnapshotTimeout { get; init; }

    /// <summary>local and local-* run against the emulator, where the Fargate stand-in simulates the task.</summary>
    public bool UsesEmulator => Environment == "local" || Environment.StartsWith("local-", StringComparison.Ordinal);

    public static InitTaskSettings FromEnvironment(Func<string, string?> read)
    {
        string Required(string name)
        {
            var value = read(Prefix + name);
            return string.IsNullOrWhiteSpace(value)
                ? throw new ActionableError($"{Prefix}{name} is not set: the init hook runs from infra/init.tf's provisioner, which sets it — run the deploy through ./build.sh", exitCode: 2)
                : value.Trim();
        }

        IReadOnlyList<string> List(string name) =>
            Required(name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        TimeSpan Minutes(string name)
        {
            var text = Required(name);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
                ? TimeSpan.FromMinutes(minutes)
                : throw new ActionableError($"{Prefix}{name}='{text}' is not a whole number of minutes — check the variable that feeds it in infra/init.tf", exitCode: 2);
        }

        return new InitTaskSettings
        {
            Environment = Required("ENVIRONMENT"),
            Stack = Required("STACK"),
            Region = Required("REGION"),
            Cluster = Required("CLUSTER"),
            Service = Required("SERVICE"),
            TaskDefinition = Required("TASK_DEFINITION"),
            Container = Required("CONTAINER"),
            Subnets = List("SUBNETS"),
            SecurityGroups = List("SECURITY_GROUPS"),
            MlflowVersion = Required("MLFLOW_VERSION"),
            DbInstance = Required("DB_INSTANCE"),
            AuthSecrets = AuthSecretArns(read(Prefix + "AUTH_SECRETS")),
            TaskTimeout = Minutes("TIMEOUT_MINUTES"),
            SnapshotTimeout = Minutes("SNAPSHOT_TIMEOUT_MINUTES"),
        };
    }

    private static Dictionary<string, string> AuthSecretArns(string? json)
    {
        var arns = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return arns;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                arns[property.Name] = property.Value.GetString() ?? "";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ActionableError($"{Prefix}AUTH_SECRETS is not a JSON object of secret ARNs — check infra/init.tf", exitCode: 2, e);
        }

        return arns;
    }
}
