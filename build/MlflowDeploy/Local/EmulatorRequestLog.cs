using System.Text.RegularExpressions;

namespace MlflowDeploy.Local;

/// <summary>
/// What the emulator's request log says went wrong on the wire: requests it answered with a server error, and
/// requests an SDK sent again (moto_patches/request_log_retries.py marks those). A retry of a create the emulator had
/// already carried out fails with "already exists", so a stage that failed that way is explained by these counts,
/// not by the stack.
/// </summary>
public sealed partial record EmulatorRequestLog(int ServerErrors, int ClientRetries)
{
    private const string RetryMark = "client retry: attempt";

    public bool IsClean => ServerErrors == 0 && ClientRetries == 0;

    public static EmulatorRequestLog Read(string logFile)
    {
        var serverErrors = 0;
        var clientRetries = 0;
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains(RetryMark, StringComparison.Ordinal))
                {
                    clientRetries++;
                }
                else if (AccessLineStatus().Match(line) is { Success: true } match && match.Groups["status"].Value[0] == '5')
                {
                    serverErrors++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A log that cannot be read explains nothing; the stop itself must not fail on it.
        }

        return new EmulatorRequestLog(serverErrors, clientRetries);
    }

    /// <summary>One line for the run's output, or null when the log shows nothing amiss.</summary>
    public string? Describe(string logFile) => IsClean
        ? null
        : $"the AWS emulator answered {ServerErrors} request(s) with a server error and saw {ClientRetries} SDK retr{(ClientRetries == 1 ? "y" : "ies")}; "
          + $"a retried create it had already carried out fails with \"already exists\" — see {logFile}";

    // werkzeug's access line: 127.0.0.1 - - [01/Dec/2026 11:40:21] "POST / HTTP/1.1" 200 -
    [GeneratedRegex("\"[A-Z]+ \\S+ HTTP/\\d\\.\\d\" (?<status>\\d{3}) ")]
    private static partial Regex AccessLineStatus();
}
