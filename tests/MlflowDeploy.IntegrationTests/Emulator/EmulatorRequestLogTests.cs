using MlflowDeploy.Local;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// The launcher marks SDK retries in the request log, and the pipeline counts them and server errors when it stops
/// the emulator: a stage that failed on a retried create ("already exists") must say so. Real launcher, real HTTP,
/// and the log read back after the process has stopped, as EmulatorSession reads it.
/// </summary>
public sealed class EmulatorRequestLogTests
{
    private const string DescribeVpcs = "Action=DescribeVpcs&Version=2016-11-15";

    [Fact]
    public async Task Retried_calls_and_server_errors_are_counted_and_first_attempts_are_not()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"moto-{Guid.NewGuid():N}.log");
        var emulator = await MotoEmulator.StartAsync(new MotoOptions { LogFile = logFile }, CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
            var retried = Guid.NewGuid().ToString();
            Assert.Equal(200, await PostAsync(http, "/", DescribeVpcs, attempt: 1, retried));
            Assert.Equal(200, await PostAsync(http, "/", DescribeVpcs, attempt: 1, Guid.NewGuid().ToString()));
            Assert.Equal(200, await PostAsync(http, "/", DescribeVpcs, attempt: 2, retried));
            // A retry without an invocation id cannot be paired with its first attempt, but it still counts.
            Assert.Equal(200, await PostAsync(http, "/", DescribeVpcs, attempt: 2, invocation: null));
            // moto's own API fails with an unhandled exception on a body that is not a number: a real 500.
            Assert.Equal(500, await PostAsync(http, "/moto-api/reset-auth", "not-a-number", attempt: 1, Guid.NewGuid().ToString()));
        }
        finally
        {
            await emulator.DisposeAsync();
        }

        // The retry names what its first attempt was answered: that tells a lost answer from a request that never arrived.
        var retryLines = File.ReadAllLines(logFile).Where(l => l.Contains("client retry", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retryLines.Count);
        Assert.Matches(@"client retry: attempt 2 of invocation [0-9a-f-]{36}, answered 200; attempt 1 answered 200 \d+\.\d\d s earlier$", retryLines[0]);
        Assert.EndsWith("client retry: attempt 2 of invocation unknown, answered 200; no invocation id to pair it with", retryLines[1], StringComparison.Ordinal);

        var log = EmulatorRequestLog.Read(logFile);
        Assert.Equal(new EmulatorRequestLog(ServerErrors: 1, ClientRetries: 2), log);
        var line = log.Describe(logFile);
        Assert.NotNull(line);
        Assert.Contains("1 request(s) with a server error and saw 2 SDK retries", line, StringComparison.Ordinal);
        Assert.Contains(logFile, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_without_retries_or_server_errors_describes_nothing()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"moto-{Guid.NewGuid():N}.log");
        File.WriteAllLines(logFile,
        [
            "127.0.0.1 - - [01/Dec/2026 11:40:21] \"POST / HTTP/1.1\" 200 -",
            "127.0.0.1 - - [01/Dec/2026 11:40:21] \"POST / HTTP/1.1\" 400 -",
            "127.0.0.1 - - [01/Dec/2026 11:40:22] \"GET /moto-api/ HTTP/1.1\" 404 -",
        ]);

        var log = EmulatorRequestLog.Read(logFile);

        Assert.True(log.IsClean);
        Assert.Null(log.Describe(logFile));
    }

    private static async Task<int> PostAsync(HttpClient http, string path, string body, int attempt, string? invocation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("amz-sdk-request", $"attempt={attempt}; max=25");
        if (invocation is not null)
        {
            request.Headers.TryAddWithoutValidation("amz-sdk-invocation-id", invocation);
        }
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
