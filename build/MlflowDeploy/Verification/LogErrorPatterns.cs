using System.Text.RegularExpressions;

namespace MlflowDeploy.Verification;

/// <summary>
/// What counts as an error line in the MLflow container's log, and what proves a task started. Each pattern
/// names a failure seen from MLflow behind gunicorn:
/// <list type="bullet">
/// <item><c>Traceback (most recent call last):</c> — any uncaught Python exception.</item>
/// <item><c>ERROR</c> as a word, in capitals — gunicorn's <c>[ERROR]</c> and Python logging's level name.</item>
/// <item><c>OperationalError</c> — SQLAlchemy/psycopg2 cannot reach or log in to the database.</item>
/// <item><c>invalid literal for int()</c> — a malformed port or number in the backend-store URI.</item>
/// <item><c>WORKER TIMEOUT</c> — gunicorn killed a worker that hung (a slow database, too little CPU).</item>
/// <item><c>Worker failed to boot</c> and <c>Exception in worker process</c> — the app could not even start.</item>
/// </list>
/// Matching is case-sensitive, so lower-case words such as "error_code" in ordinary output don't count.
/// </summary>
public static partial class LogErrorPatterns
{
    /// <summary>gunicorn's line once the server socket is bound, e.g. "Listening at: http://0.0.0.0:5000 (7)".</summary>
    public const string ListeningLine = "Listening at:";

    /// <summary>gunicorn's line per worker, e.g. "Booting worker with pid: 42".</summary>
    public const string BootingWorkerLine = "Booting worker with pid";

    public static bool IsError(string line) => ErrorPattern().IsMatch(line);

    public static bool IsStartup(string line) => line.Contains(ListeningLine, StringComparison.Ordinal);

    [GeneratedRegex(
        @"Traceback \(most recent call last\)|\bERROR\b|\bOperationalError\b|invalid literal for int\(\)|WORKER TIMEOUT|Worker failed to boot|Exception in worker process",
        RegexOptions.CultureInvariant)]
    private static partial Regex ErrorPattern();
}
