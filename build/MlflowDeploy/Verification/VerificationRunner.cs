namespace MlflowDeploy.Verification;

/// <summary>
/// Runs checks concurrently against one overall deadline. A pending probe is repeated with exponential
/// backoff and jitter; any other probe ends its check at once. The result is a <see cref="VerificationReport"/>.
/// </summary>
/// <example>
/// <code>
/// using var client = new MlflowClient(new MlflowClientOptions { BaseUrl = url, Credentials = MlflowCredentials.FromEnvironment() });
/// var checks = MlflowChecks.For(outputs, client, smokeWrite).Concat(awsChecks).ToList();
/// var report = await new VerificationRunner(new VerificationOptions
/// {
///     Environment = "prod",
///     Timeout = timeout,
///     Secrets = client.Credentials.SecretValues,
///     Progress = new Progress&lt;VerificationProgress&gt;(p => console.WriteLine(p.ToString())),
/// }).RunAsync(checks, ct);
/// report.Render(console);
/// await report.WriteAsync(artifactsDir, ct);
/// return report.ExitCode;
/// </code>
/// </example>
public sealed class VerificationRunner
{
    /// <summary>The longest gap between two progress reports while anything is pending.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    private readonly VerificationOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly ExponentialBackoff _backoff;

    public VerificationRunner(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProbeGrace, TimeSpan.Zero);
        _options = options;
        _redactor = new SecretRedactor(options.Secrets);
        _backoff = new ExponentialBackoff(options.InitialBackoff, options.MaxBackoff, options.Jitter);
    }

    public async Task<VerificationReport> RunAsync(IReadOnlyList<IVerificationCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.Count == 0)
        {
            throw new ArgumentException("Verify needs at least one check.", nameof(checks));
        }

        var duplicate = checks.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two checks are named '{duplicate.Key}'.", nameof(checks));
        }

        var time = _options.TimeProvider;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var board = new PendingBoard(this, checks.Count, started);

        // One timer for the whole run: it stops a probe that hangs past the deadline plus grace.
        using var probeLimit = new CancellationTokenSource(_options.Timeout + _options.ProbeGrace, time);
        using var probeToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, probeLimit.Token);

        // Each loop starts on this thread and runs to its first real wait; they then proceed concurrently.
        var runs = checks.Select(c => RunCheckAsync(c, started, board, probeToken.Token, cancellationToken)).ToArray();
        var outcomes = await Task.WhenAll(runs);

        return new VerificationReport(
            _options.Environment,
            startedAt,
            time.GetElapsedTime(started),
            outcomes.Select(o => o.Result).ToList(),
            couldNotRun: outcomes.Any(o => o.CouldNotRun),
            _redactor);
    }

    private async Task<CheckOutcome> RunCheckAsync(
        IVerificationCheck check,
        long runStarted,
        PendingBoard board,
        CancellationToken probeToken,
        CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var attempt = 0;
        CheckOutcome Finish(CheckStatus status, string detail, IReadOnlyList<string> diagnosis, bool couldNotRun = false)
        {
            board.Finished(check.Name);
            return new CheckOutcome(
                new CheckResult(check.Name, status, detail, time.GetElapsedTime(runStarted), diagnosis),
                couldNotRun);
        }

        while (true)
        {
            Probe probe;
            try
            {
                probe = await check.ProbeAsync(probeToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (probeToken.IsCancellationRequested)
            {
                return Finish(CheckStatus.Fail, $"a probe was still running {DurationText.Human(_options.ProbeGrace)} after the {DurationText.Human(_options.Timeout)} deadline and was abandoned", []);
            }
            catch (ActionableError e)
            {
                return Finish(CheckStatus.Fail, e.Message, [], couldNotRun: true);
            }
            catch (Exception e)
            {
                // A bug in a check: the report keeps it to one line; the stack trace is no use to an operator.
                var message = string.IsNullOrWhiteSpace(e.Message) ? e.GetType().Name : e.Message.ReplaceLineEndings(" ");
                return Finish(CheckStatus.Fail, $"the check crashed: {message}", []);
            }

            if (!probe.IsPending)
            {
                return Finish(probe.Status, probe.Detail, probe.Diagnosis);
            }

            var elapsed = time.GetElapsedTime(runStarted);
            var remaining = _options.Timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return Finish(CheckStatus.Fail, $"still {probe.Detail} after {DurationText.Human(elapsed)}", probe.Diagnosis);
            }

            board.Pending(check.Name, _redactor.Redact(probe.Detail));

            // The last wait ends on the deadline, so a check gets one final look then instead of failing early.
            var wait = _backoff.Delay(attempt++);
            await Task.Delay(wait < remaining ? wait : remaining, time, cancellationToken);
        }
    }

    private sealed record CheckOutcome(CheckResult Result, bool CouldNotRun);

    /// <summary>Which checks are pending and why, and when to tell the caller.</summary>
    private sealed class PendingBoard(VerificationRunner runner, int total, long runStarted)
    {
        private readonly Dictionary<string, (string Reason, long Since)> _pending = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private int _finished;
        private long _lastReport = long.MinValue;

        public void Pending(string name, string reason)
        {
            lock (_lock)
            {
                var now = runner._options.TimeProvider.GetTimestamp();
                var known = _pending.TryGetValue(name, out var before);
                var changed = !known || before.Reason != reason;
                _pending[name] = (reason, known ? before.Since : now);
                if (changed || _lastReport == long.MinValue || runner._options.TimeProvider.GetElapsedTime(_lastReport, now) >= Heartbeat)
                {
                    ReportLocked(now);
                }
            }
        }

        public void Finished(string name)
        {
            lock (_lock)
            {
                _finished++;
                var wasPending = _pending.Remove(name);
                if (wasPending)
                {
                    ReportLocked(runner._options.TimeProvider.GetTimestamp());
                }
            }
        }

        private void ReportLocked(long now)
        {
            var progress = runner._options.Progress;
            _lastReport = now;
            if (progress is null)
            {
                return;
            }

            var time = runner._options.TimeProvider;
            var snapshot = _pending
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new PendingCheck(p.Key, p.Value.Reason, time.GetElapsedTime(p.Value.Since, now)))
                .ToList();
            progress.Report(new VerificationProgress(time.GetElapsedTime(runStarted, now), runner._options.Timeout, _finished, total, snapshot));
        }
    }
}
