using System.Diagnostics;
using System.Text;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Runs the terraform binary under a deadline, streaming its output live. On the deadline or on cancellation
/// terraform gets one SIGINT and its command's grace to let in-flight calls return, write the state and release the
/// lock; it is killed only after that, and the run then says what may be left.
/// </summary>
/// <remarks>
/// Terraform runs in a session of its own (<c>setsid</c>, where there is one): Ctrl-C in a terminal, and build.sh's
/// forwarding of INT and TERM to the build's process group, would otherwise reach it besides the pipeline's own
/// SIGINT, and terraform takes a second interrupt as "exit immediately", before the state is written.
/// </remarks>
public sealed class TerraformProcess
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Action<string> _output;
    private readonly string? _sessionLauncher;

    public TerraformProcess(
        string executable, string workingDirectory, IReadOnlyDictionary<string, string?> environment, Action<string> output, string? sessionLauncher = null)
    {
        _executable = executable;
        _workingDirectory = workingDirectory;
        _environment = environment;
        _output = output;
        _sessionLauncher = sessionLauncher;
    }

    /// <summary><c>setsid</c> where the system has it (it replaces itself with terraform, so the pid is terraform's); null elsewhere.</summary>
    public static string? FindSessionLauncher() => OperatingSystem.IsWindows() ? null : ExecutableLocator.Find("setsid");

    public async Task<TerraformResult> RunAsync(TerraformCommand command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_sessionLauncher ?? _executable)
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (_sessionLauncher is not null)
        {
            info.ArgumentList.Add(_executable);
        }

        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_executable}");
        process.StandardInput.Close();

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using var stdoutFile = command.StdoutFile is null ? null : new StreamWriter(command.StdoutFile, append: false, new UTF8Encoding(false));
        var readOut = PumpAsync(process.StandardOutput, line =>
        {
            if (stdoutFile is not null)
            {
                stdoutFile.WriteLine(line);
            }
            else
            {
                stdout.AppendLine(line);
            }

            if (command.Echo?.Invoke(line) is { } shown)
            {
                _output(shown);
            }
        });
        var readErr = PumpAsync(process.StandardError, line =>
        {
            stderr.AppendLine(line);
            if (command.Echo is not null)
            {
                _output(line);
            }
        });

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(command.Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var stop = await StopAsync(process, command).ConfigureAwait(false);
            await DrainAsync(readOut, readErr).ConfigureAwait(false);
            foreach (var line in stop.Details())
            {
                _output(line);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new TerraformInterrupted(stop, cancellationToken);
            }

            throw new ActionableError(
                $"{command} did not finish within its deadline of {DurationText.Human(command.Deadline)} and was stopped — check the log above for the resource it was waiting on; {stop.Summary()}");
        }

        await Task.WhenAll(readOut, readErr).ConfigureAwait(false);
        return new TerraformResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
    }

    /// <summary>One SIGINT, then up to the command's grace with a line a minute, then a kill of the whole tree.</summary>
    private async Task<TerraformStop> StopAsync(Process process, TerraformCommand command)
    {
        var clock = Stopwatch.StartNew();
        if (process.HasExited)
        {
            return new TerraformStop(command, clock.Elapsed, Killed: false);
        }

        if (ProcessInterrupt.TrySend(process.Id))
        {
            _output($"terraform {command.Verb}: sent SIGINT; waiting up to {DurationText.Human(command.InterruptGrace)} for it to finish the calls in flight and write its state");
            while (clock.Elapsed < command.InterruptGrace)
            {
                using var interval = new CancellationTokenSource(Min(command.InterruptGrace - clock.Elapsed, ProgressInterval));
                try
                {
                    await process.WaitForExitAsync(interval.Token).ConfigureAwait(false);
                    return new TerraformStop(command, clock.Elapsed, Killed: false);
                }
                catch (OperationCanceledException)
                {
                    var open = command.Operations?.Unfinished ?? [];
                    _output($"still waiting for terraform {command.Verb} to stop ({DurationText.Human(clock.Elapsed)} of {DurationText.Human(command.InterruptGrace)})"
                        + (open.Count > 0 ? $"; in flight: {string.Join(", ", open.Select(o => $"{o.Address} ({o.Action})"))}" : string.Empty));
                }
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return new TerraformStop(command, clock.Elapsed, Killed: true);
    }

    // The streams end when terraform does; a grandchild that kept a copy of them must not hold the run.
    private static async Task DrainAsync(Task readOut, Task readErr)
    {
        try
        {
            await Task.WhenAll(readOut, readErr).WaitAsync(OutputDrain).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }
}
