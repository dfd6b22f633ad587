using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

public sealed class LogErrorPatternsTests
{
    [Theory]
    [InlineData("Traceback (most recent call last):")]
    [InlineData("[2026-11-27 10:00:00 +0000] [9] [ERROR] Exception in worker process")]
    [InlineData("2026/11/27 10:00:00 ERROR mlflow.server: request failed")]
    [InlineData("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server")]
    [InlineData("ValueError: invalid literal for int() with base 10: 'abc'")]
    [InlineData("[2026-11-27 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:12)")]
    [InlineData("[2026-11-27 10:00:00 +0000] [7] [INFO] Reason: Worker failed to boot.")]
    public void Error_lines_MLflow_and_gunicorn_print_when_broken_match(string line) => Assert.True(LogErrorPatterns.IsError(line));

    [Theory]
    [InlineData("[2026-11-27 10:00:00 +0000] [7] [INFO] Listening at: http://0.0.0.0:5000 (7)")]
    [InlineData("[2026-11-27 10:00:00 +0000] [8] [INFO] Booting worker with pid: 8")]
    [InlineData("INFO  [alembic.runtime.migration] Will assume transactional DDL.")]
    [InlineData("{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\"} answered to a client: an error in lower case is not a server error")]
    [InlineData("TERRORS and ERRORS are not the word ERROR_")]
    public void Ordinary_start_up_and_request_lines_do_not(string line) => Assert.False(LogErrorPatterns.IsError(line));

    [Fact]
    public void The_start_up_line_is_gunicorns_listening_line()
    {
        Assert.True(LogErrorPatterns.IsStartup("[2026-11-27 10:00:00 +0000] [7] [INFO] Listening at: http://0.0.0.0:5000 (7)"));
        Assert.False(LogErrorPatterns.IsStartup("[2026-11-27 10:00:00 +0000] [7] [INFO] Starting gunicorn 23.0.0"));
    }
}
