using MlflowDeploy.Aws;
using MlflowDeploy.ServiceLogs;

namespace MlflowDeploy.Tests.ServiceLogs;

public sealed class LogLineTextTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-01T10:15:02.123Z");
    private const string Stream = "mlflow/mlflow/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Theory]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [INFO] Booting worker with pid: 8", LogLineLevel.Info)]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [WARNING] Worker graceful timeout (pid:8)", LogLineLevel.Warning)]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [ERROR] Exception in worker process", LogLineLevel.Error)]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:8)", LogLineLevel.Error)]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [DEBUG] Closing connection.", LogLineLevel.Debug)]
    [InlineData("2026/12/01 10:15:02 WARNING mlflow.server: the artifact root is not writable", LogLineLevel.Warning)]
    [InlineData("2026-12-01 10:15:02,123 INFO mlflow.store.db.utils: Creating initial MLflow database tables...", LogLineLevel.Info)]
    [InlineData("INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.", LogLineLevel.Info)]
    [InlineData("Traceback (most recent call last):", LogLineLevel.Error)]
    [InlineData("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection refused", LogLineLevel.Error)]
    [InlineData("[2026-12-01 10:15:02 +0000] [7] [INFO] Worker failed to boot.", LogLineLevel.Error)]
    [InlineData("10.0.1.5 - - [01/Dec/2026:10:15:02 +0000] \"GET /health HTTP/1.1\" 200 2", LogLineLevel.Unknown)]
    [InlineData("an error_code in a lower-case word is not a level", LogLineLevel.Unknown)]
    public void Levels_are_read_from_gunicorn_python_logging_and_error_patterns(string line, LogLineLevel level) =>
        Assert.Equal(level, LogLineLevels.Of(line));

    [Fact]
    public void Without_colour_a_line_is_time_task_and_message()
    {
        var text = new LogLineText(SecretRedactor.None, colour: false);

        Assert.Equal(
            "10:15:02.123Z 0f1e2d3c4b5a [2026-12-01 10:15:02 +0000] [7] [INFO] Booting worker with pid: 8",
            text.Format(new LogEvent(At, "[2026-12-01 10:15:02 +0000] [7] [INFO] Booting worker with pid: 8\n", Stream)));
    }

    [Theory]
    [InlineData("[x] [7] [ERROR] boom", "\u001b[31m")]
    [InlineData("[x] [7] [WARNING] slow", "\u001b[33m")]
    [InlineData("[x] [7] [INFO] fine", "\u001b[32m")]
    public void With_colour_the_message_takes_its_level_colour_and_the_prefix_is_dim(string message, string colour)
    {
        var line = new LogLineText(SecretRedactor.None, colour: true).Format(new LogEvent(At, message, Stream));

        Assert.Equal($"\u001b[2m10:15:02.123Z 0f1e2d3c4b5a\u001b[0m {colour}{message}\u001b[0m", line);
    }

    [Fact]
    public void A_line_of_no_known_level_is_left_uncoloured()
    {
        var line = new LogLineText(SecretRedactor.None, colour: true).Format(new LogEvent(At, "plain text", Stream));

        Assert.EndsWith("\u001b[0m plain text", line);
    }

    [Theory]
    [InlineData("could not connect to postgresql://mlflow:S3cret@db.internal:5432/mlflow", "could not connect to postgresql://mlflow:(sensitive)@db.internal:5432/mlflow")]
    [InlineData("uri=postgresql+psycopg2://mlflow:p@ss:w0rd@db:5432/mlflow?sslmode=require", "uri=postgresql+psycopg2://mlflow:(sensitive)@db:5432/mlflow?sslmode=require")]
    [InlineData("postgresql://:onlypass@db/mlflow", "postgresql://:(sensitive)@db/mlflow")]
    [InlineData("no credentials: postgresql://db.internal:5432/mlflow and http://host:5000/x", "no credentials: postgresql://db.internal:5432/mlflow and http://host:5000/x")]
    public void The_password_of_a_uri_never_prints(string message, string expected) =>
        Assert.Equal(expected, new LogLineText(SecretRedactor.None, colour: false).Scrub(message));

    [Fact]
    public void Known_secrets_are_masked_anywhere_in_a_line_and_in_every_line_of_an_event()
    {
        var text = new LogLineText(new SecretRedactor(["tracking-Pa55word"]), colour: false);

        var line = text.Format(new LogEvent(At, "Traceback (most recent call last):\n  auth failed for tracking-Pa55word\nValueError", Stream));

        Assert.DoesNotContain("tracking-Pa55word", line);
        // Continuation lines line up under the first line's message and keep their own indentation.
        const string prefix = "10:15:02.123Z 0f1e2d3c4b5a ";
        var under = new string(' ', prefix.Length);
        Assert.Equal($"{prefix}Traceback (most recent call last):\n{under}  auth failed for (sensitive)\n{under}ValueError", line);
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData("1", false, false)]
    [InlineData(null, true, false)]
    public void Colour_is_on_for_a_terminal_unless_NO_COLOR(string? noColor, bool redirected, bool expected) =>
        Assert.Equal(expected, LogLineText.ColourWanted(name => name == "NO_COLOR" ? noColor : null, redirected));
}
