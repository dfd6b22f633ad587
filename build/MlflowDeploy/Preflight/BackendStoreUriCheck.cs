using System.Globalization;

namespace MlflowDeploy.Preflight;

/// <summary>
/// How the container reaches the database, as the rendered task definition says: the backend-store URI as a plain
/// <c>MLFLOW_BACKEND_STORE_URI</c> variable (never a flag: it would show in /proc/*/cmdline), with no password, the
/// RDS address as host and exactly one numeric port; and <c>PGPASSWORD</c> from the RDS-managed secret's password key.
/// </summary>
public static class BackendStoreUriCheck
{
    public const string Name = "backend-store URI";
    public const string UriVariable = "MLFLOW_BACKEND_STORE_URI";
    public const string PasswordVariable = "PGPASSWORD";

    public static PreflightResult Run(ContainerCommand command, string dbSecretArn)
    {
        if (command.Option("--backend-store-uri") is not null || command.ServerArguments.Contains("--backend-store-uri"))
        {
            return PreflightResult.Fail(Name, $"mlflow server gets --backend-store-uri on its command line, where /proc/*/cmdline shows it — drop the flag and set {UriVariable} in the container's environment (infra/ecs.tf)");
        }

        if (!command.Environment.TryGetValue(UriVariable, out var uri))
        {
            return command.Secrets.ContainsKey(UriVariable)
                ? PreflightResult.Fail(Name, $"{UriVariable} comes from a secret; it holds no password and must be a plain environment variable, with the password in {PasswordVariable} (infra/ecs.tf)")
                : PreflightResult.Fail(Name, $"the container has no {UriVariable}, so MLflow would keep runs in the container's file system — set it from local.backend_store_uri in infra/ecs.tf");
        }

        var judged = Judge(uri, $"environment variable {UriVariable}");
        if (judged.Status == CheckStatus.Fail)
        {
            return judged;
        }

        var expected = dbSecretArn + ":password::";
        if (!command.Secrets.TryGetValue(PasswordVariable, out var valueFrom))
        {
            return PreflightResult.Fail(Name, $"the container gets no {PasswordVariable}, so libpq has no password for {Redacted(uri)} — add {{ name = \"{PasswordVariable}\", valueFrom = \"<RDS-managed secret arn>:password::\" }} to the secrets in infra/secrets.tf");
        }

        if (valueFrom != expected)
        {
            var why = valueFrom.StartsWith(dbSecretArn, StringComparison.Ordinal)
                ? $"reads '{valueFrom[dbSecretArn.Length..]}' of the RDS-managed secret, not its password key (':password::')"
                : $"reads {valueFrom}, not the RDS-managed secret {dbSecretArn}";
            return PreflightResult.Fail(Name, $"{PasswordVariable} {why} — use aws_db_instance.mlflow.master_user_secret[0].secret_arn with :password:: in infra/secrets.tf");
        }

        return PreflightResult.Pass(Name, $"{Redacted(uri)} from {UriVariable}: one host, one port, no password; {PasswordVariable} from the RDS-managed secret's password key");
    }

    internal static PreflightResult Judge(string uri, string source)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !uri.StartsWith("postgresql", StringComparison.Ordinal))
        {
            return PreflightResult.Fail(Name, $"'{Redacted(uri)}' ({source}) is not a postgresql:// URI — build it as postgresql://user@address:port/db in infra/secrets.tf");
        }

        var rest = uri[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var hostPort = authority[(at + 1)..];
        var shown = Redacted(uri);

        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            return PreflightResult.Fail(Name,
                $"'{shown}' ({source}) carries a password, which would sit in the task definition in clear — drop it from the URI; libpq reads it from {PasswordVariable} (infra/secrets.tf)");
        }

        if (userInfo.Length == 0)
        {
            return PreflightResult.Fail(Name, $"'{shown}' ({source}) names no database user — build it as postgresql://<db_username>@address:port/db in infra/secrets.tf");
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

        return PreflightResult.Pass(Name, $"{shown} ({source}): one host, one port, no password");
    }

    /// <summary>The URI with any password replaced, for messages.</summary>
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
