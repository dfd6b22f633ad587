using System.Text.RegularExpressions;
using MlflowDeploy.Verification;

namespace MlflowDeploy.ServiceLogs;

/// <summary>The level a line of the MLflow container's log was written at, as far as the line says.</summary>
public enum LogLineLevel
{
    Unknown,
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>
/// Reads the level of a gunicorn or MLflow line: gunicorn's <c>[2026-12-01 10:00:00 +0000] [7] [INFO] …</c>, Python
/// logging's <c>2026/12/01 10:00:00 WARNING mlflow…</c> and alembic's <c>INFO  [alembic…] …</c>; anything
/// <see cref="LogErrorPatterns"/> calls an error (a traceback, WORKER TIMEOUT) is an error whatever it says.
/// </summary>
public static partial class LogLineLevels
{
    public static LogLineLevel Of(string line)
    {
        var level = Gunicorn().Match(line) is { Success: true } g ? g.Groups[1].Value
            : PythonLogging().Match(line) is { Success: true } p ? p.Groups[1].Value
            : null;
        var parsed = level switch
        {
            "CRITICAL" or "ERROR" => LogLineLevel.Error,
            "WARNING" or "WARN" => LogLineLevel.Warning,
            "INFO" => LogLineLevel.Info,
            "DEBUG" => LogLineLevel.Debug,
            _ => LogLineLevel.Unknown,
        };
        return parsed != LogLineLevel.Error && LogErrorPatterns.IsError(line) ? LogLineLevel.Error : parsed;
    }

    [GeneratedRegex(@"^\[[^\]]*\] \[\d+\] \[(CRITICAL|ERROR|WARNING|INFO|DEBUG)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Gunicorn();

    [GeneratedRegex(@"^(?:\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\s+)?(CRITICAL|ERROR|WARNING|WARN|INFO|DEBUG)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PythonLogging();
}
