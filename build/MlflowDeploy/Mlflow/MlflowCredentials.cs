using System.Net.Http.Headers;
using System.Text;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// How requests to the tracking server authenticate, read from the same variables the MLflow client uses.
/// A token wins over a username/password pair, as in the MLflow Python client.
/// </summary>
public sealed class MlflowCredentials
{
    public const string UsernameVariable = "MLFLOW_TRACKING_USERNAME";
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";

    private readonly string? _username;
    private readonly string? _password;
    private readonly string? _token;
    private readonly string _tokenVariable;

    private MlflowCredentials(string? username, string? password, string? token, string tokenVariable = TokenVariable)
    {
        _username = username;
        _password = password;
        _token = token;
        _tokenVariable = tokenVariable;
    }

    public static MlflowCredentials None { get; } = new(null, null, null);

    public static MlflowCredentials Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new(username, password, null);
    }

    public static MlflowCredentials Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new(null, null, token);
    }

    /// <summary>
    /// Reads the MLFLOW_TRACKING_* variables (or the same names under another <paramref name="prefix"/>, e.g. one per
    /// side of a migration); a half-set username/password pair is a user error.
    /// </summary>
    public static MlflowCredentials FromEnvironment(Func<string, string?>? read = null, string prefix = "MLFLOW_TRACKING_")
    {
        read ??= Environment.GetEnvironmentVariable;
        static string? Value(string? s) => string.IsNullOrEmpty(s) ? null : s;
        var usernameVariable = prefix + "USERNAME";
        var passwordVariable = prefix + "PASSWORD";
        var token = Value(read(prefix + "TOKEN"));
        var username = Value(read(usernameVariable));
        var password = Value(read(passwordVariable));

        if (token is not null)
        {
            return new(null, null, token, prefix + "TOKEN");
        }

        if (username is null && password is null)
        {
            return None;
        }

        if (username is null || password is null)
        {
            var missing = username is null ? usernameVariable : passwordVariable;
            throw new ActionableError(
                $"{missing} is not set while {(username is null ? passwordVariable : usernameVariable)} is: set both for basic auth, or neither.");
        }

        return Basic(username, password);
    }

    public bool IsConfigured => _token is not null || _username is not null;

    /// <summary>A description safe to print: the scheme and, for basic auth, the user name.</summary>
    public string Describe() =>
        _token is not null ? $"bearer token ({_tokenVariable})"
        : _username is not null ? $"basic auth as '{_username}'"
        : "no credentials";

    /// <summary>
    /// Every string that would give the credentials away, for the report's redactor: the raw secret and the
    /// encoded forms it takes on the wire (a Basic header, a URL-escaped password).
    /// </summary>
    public IReadOnlyList<string> SecretValues
    {
        get
        {
            var values = new List<string>();
            if (_token is not null)
            {
                values.Add(_token);
            }

            if (_password is not null)
            {
                values.Add(_password);
                values.Add(Uri.EscapeDataString(_password));
                values.Add(BasicParameter());
            }

            return values.Distinct(StringComparer.Ordinal).ToList();
        }
    }

    internal AuthenticationHeaderValue? ToHeader() =>
        _token is not null ? new AuthenticationHeaderValue("Bearer", _token)
        : _username is not null ? new AuthenticationHeaderValue("Basic", BasicParameter())
        : null;

    private string BasicParameter() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{_password}"));

    // Never let a credential reach a log through string interpolation.
    public override string ToString() => Describe();
}
