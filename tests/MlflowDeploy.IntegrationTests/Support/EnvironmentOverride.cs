namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Sets process environment variables for one test and restores them on dispose. Tests using it belong to the
/// <see cref="ProcessEnvironmentCollection"/>, which xunit runs alone, since the environment is process-wide.
/// </summary>
public sealed class EnvironmentOverride : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    public EnvironmentOverride(IReadOnlyDictionary<string, string?> values)
    {
        foreach (var (name, value) in values)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Every variable the AWS SDK's credential chain reads, cleared, plus the given ones.</summary>
    public static EnvironmentOverride WithoutAwsCredentials(IReadOnlyDictionary<string, string?>? values = null)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-aws-file-{Guid.NewGuid():N}");
        var all = new Dictionary<string, string?>
        {
            ["AWS_PROFILE"] = null, ["AWS_DEFAULT_PROFILE"] = null,
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null, ["AWS_ROLE_ARN"] = null, ["AWS_ROLE_SESSION_NAME"] = null,
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null, ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = missing, ["AWS_CONFIG_FILE"] = missing,
            // Off EC2 the instance metadata service only gives up after its own timeouts.
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in values ?? new Dictionary<string, string?>())
            all[name] = value;
        return new EnvironmentOverride(all);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
            Environment.SetEnvironmentVariable(name, value);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
