using System.Diagnostics;
using System.Text;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Runs the terraform binary under a deadline, streaming its output live. On the deadline or on
/// cancellation terraform first gets SIGINT, so it can release the state lock and stop cleanly, and
/// only then is it killed.
/// </summary>
public sealed class TerraformProcess
{
    /// <summary>How long terraform gets after SIGINT to release the state lock before it is killed.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(15);

    private readonly string _executable;
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Action<string> _output;

    public TerraformProcess(string executable, string workingDirectory, IReadOnlyDictionary<string, string?> environment, Action<string> output)
    {
        _executable = executable;
        _workingDirectory = workingDirectory;
        _environment = environment;
        _output = output;
    }

    public async Task<TerraformResult> RunAsync(TerraformCommand command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
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
            await ProcessInterrupt.StopAsync(process, InterruptGrace).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ActionableError(
                $"{command} did not finish within its deadline of {DurationText.Human(command.Deadline)} and was stopped — check the log above for the resource it was waiting on");
        }

        await Task.WhenAll(readOut, readErr).ConfigureAwait(false);
        return new TerraformResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }
}
