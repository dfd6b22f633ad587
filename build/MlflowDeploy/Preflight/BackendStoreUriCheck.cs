using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The backend-store URI the container will receive, as SQLAlchemy reads it: one host, exactly one numeric port,
/// the RDS address as host, and a password whose special characters are percent-encoded.
/// </summary>
public static class BackendStoreUriCheck
{
    public const string Name = "backend-store URI";

    public static PreflightResult Run(ContainerCommand command, string dbSecretString)
    {
        var flag = command.Option("--backend-store-uri");
        if (flag is null)
        {
            return PreflightResult.Fail(Name, "mlflow server has no --backend-store-uri, so MLflow would keep runs in the container's file system — pass the database URI in infra/ecs.tf");
        }

        var (uri, source) = Resolve(flag, command, dbSecretString);
        if (uri is null)
        {
            return PreflightResult.Fail(Name, $"--backend-store-uri is {flag}, which {source} — set it from the DB credentials secret in infra/ecs.tf");
        }

        return Judge(uri, source);
    }

    /// <summary>Follows "$VAR" to the container's environment or to the secret key it references.</summary>
    internal static (string? Uri, string Source) Resolve(string value, ContainerCommand command, string dbSecretString)
    {
        var variable = value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}') ? value[2..^1]
            : value.StartsWith('$') ? value[1..]
            : null;
        if (variable is null)
        {
            return (value, "the command line");
        }

        if (command.Environment.TryGetValue(variable, out var plain))
        {
            return (plain, $"environment variable {variable}");
        }

        if (!command.Secrets.TryGetValue(variable, out var valueFrom))
        {
            return (null, $"reads ${variable}, but the container defines no such environment variable or secret");
        }

        // valueFrom = <secret arn>:<json-key>:<version-stage>:<version-id>; the ARN itself holds six colons.
        var parts = valueFrom.Split(':');
        var key = parts.Length >= 8 ? parts[7] : "";
        if (key.Length == 0)
        {
            return (null, $"reads the whole secret {valueFrom} as ${variable}, not its backend_store_uri key");
        }

        using var secret = JsonDocument.Parse(dbSecretString);
        return secret.RootElement.TryGetProperty(key, out var uri) && uri.ValueKind == JsonValueKind.String
            ? (uri.GetString(), $"secret key {key}")
            : (null, $"reads key '{key}' of the DB credentials secret, which has no such key");
    }

    internal static PreflightResult Judge(string uri, string source)
    {
        var placeholder = StackRenderFiles.PlaceholderPassword;
        if (uri.Contains(placeholder, StringComparison.Ordinal))
        {
            return PreflightResult.Fail(Name,
                $"the password is put into the URI ({source}) without URL-encoding, so '@', ':', '/', '%', '#' or '?' in it break the URI — wrap it in urlencode() in infra/secrets.tf");
        }

        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !uri.StartsWith("postgresql", StringComparison.Ordinal))
        {
            return PreflightResult.Fail(Name, $"'{Redacted(uri)}' ({source}) is not a postgresql:// URI — build it as postgresql://user:password@address:port/db in infra/secrets.tf");
        }

        var rest = uri[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var hostPort = authority[(at + 1)..];
        var shown = Redacted(uri);

        var colon = userInfo.IndexOf(':');
        var password = colon < 0 ? null : userInfo[(colon + 1)..];
        if (password is null || Uri.UnescapeDataString(password) != placeholder)
        {
            return PreflightResult.Fail(Name,
                $"the password in '{shown}' ({source}) does not decode back to the password (a placeholder with @:/%#? gave '{password}') — URL-encode it exactly once with urlencode() in infra/secrets.tf");
        }

        var hostParts = hostPort.Split(':');
        if (hostParts.Length > 2)
        {
            var ports = string.Join(':', hostParts.Skip(1));
            return PreflightResult.Fail(Name,
                $"'{shown}' ({source}) has more than one port ('{ports}'); MLflow would crash with ValueError: invalid literal for int() with base 10: '{ports}' — "
                + "build the host from aws_db_instance.address, not .endpoint (which already ends in :port), in infra/secrets.tf");
        }

        if (hostParts.Length < 2 || !int.TryParse(hostParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return PreflightResult.Fail(Name, $"'{shown}' ({source}) has no valid port after the host — append :${{aws_db_instance.mlflow.port}} in infra/secrets.tf");
        }

        if (hostParts[0] != StackRenderFiles.PlaceholderDbAddress)
        {
            return PreflightResult.Fail(Name,
                $"'{shown}' ({source}) points at host '{hostParts[0]}', not the database's address ({StackRenderFiles.PlaceholderDbAddress} in this render) — use aws_db_instance.mlflow.address in infra/secrets.tf");
        }

        if (port != StackRenderFiles.PlaceholderDbPort)
        {
            return PreflightResult.Fail(Name, $"'{shown}' ({source}) uses port {port}, not the database's port {StackRenderFiles.PlaceholderDbPort} — use aws_db_instance.mlflow.port in infra/secrets.tf");
        }

        return PreflightResult.Pass(Name, $"{shown} from {source}: one host, one port, password URL-encoded");
    }

    /// <summary>The URI with its password replaced, for messages (a placeholder here, but the habit matters).</summary>
    internal static string Redacted(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return uri;
        }

        var colon = uri.IndexOf(':', schemeEnd + 3);
        return colon < 0 || colon > at ? uri : uri[..(colon + 1)] + "****" + uri[at..];
    }
}
