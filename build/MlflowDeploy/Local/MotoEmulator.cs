using System.Diagnostics;

namespace MlflowDeploy.Local;

/// <summary>
/// The local AWS emulator (moto) for the <c>local</c> environment: started on a free 127.0.0.1 port with what
/// this stack needs, probed until ready, and stopped on dispose. 127.0.0.1 rather than localhost makes the
/// S3 clients pick path-style addressing without settings.
/// </summary>
public sealed class MotoEmulator : IAsyncDisposable
{
    // moto imports every service's backend before it listens: ~5 s on an idle core, measured past 45 s on a
    // 2-core runner also compiling and running terraform, so the deadline leaves room for a busy CI machine.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private MotoEmulator(Process process, int port, string logFile)
    {
        _process = process;
        Port = port;
        LogFile = logFile;
    }

    public int Port { get; }

    public string LogFile { get; }

    public int ProcessId => _process.Id;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public bool HasExited => _process.HasExited;

    public static async Task<MotoEmulator> StartAsync(MotoOptions options, CancellationToken cancellationToken)
    {
        if (options.CallRecordFile is not null && !options.IamEnforced)
        {
            throw new ArgumentException("a call record needs IamEnforced: only enforcement knows who made a call", nameof(options));
        }

        var port = options.Port ?? LoopbackPort.Free();
        if (options.Port is { } fixedPort && !LoopbackPort.IsFree(fixedPort))
        {
            throw new ActionableError(
                $"emulator port {fixedPort} is already in use on 127.0.0.1 — stop what holds it, or unset MOTO_PORT to let the pipeline pick a free port",
                exitCode: 2);
        }

        var python = options.Python ?? "python3";
        var launcher = Path.Combine(Path.GetDirectoryName(typeof(MotoEmulator).Assembly.Location)!, "Local", "moto_launcher.py");
        if (!File.Exists(launcher))
        {
            throw new InvalidOperationException($"the moto launcher is missing beside the library: {launcher}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(options.LogFile)!);
        var info = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { launcher, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(IsEmulatorSetting).ToList())
        {
            info.Environment.Remove(inherited);
        }

        if (options.IamEnforced)
        {
            info.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = EmulatedIdentity.AdministratorSetupCalls.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["MLFLOW_DEPLOY_IAM_ENFORCED"] = "1";
        }

        if (options.CallRecordFile is { } record)
        {
            info.Environment["MLFLOW_DEPLOY_CALL_RECORD"] = Path.GetFullPath(record);
        }

        info.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
        info.Environment["MOTO_ECS_SERVICE_RUNNING"] = options.EcsServiceRunning.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["MOTO_LAUNCHER_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in options.Settings)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("python did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ActionableError($"'{python}' was not found — install Python 3 with moto 5.2 (pip install 'moto[server]==5.2.1'), or set MOTO_PYTHON", exitCode: 2);
        }

        process.StandardInput.Close();
        var log = new StreamWriter(options.LogFile, append: false) { AutoFlush = true };
        var logLock = new object();
        var closed = false;
        void Append(string? line)
        {
            lock (logLock)
            {
                // Output events can still arrive after the exit event; a closed log takes no more lines.
                if (line is not null && !closed)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) =>
        {
            lock (logLock)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var emulator = new MotoEmulator(process, port, options.LogFile);
        try
        {
            await emulator.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulator;
    }

    /// <summary>Wipes every resource in the emulator, for tests that need a clean account.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessInterrupt.StopAsync(_process, StopGrace).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartDeadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new ActionableError(
                    $"the AWS emulator exited during start-up (exit {_process.ExitCode}): {LastLine()} — is moto 5.2 installed for python3 (pip install 'moto[server]==5.2.1')? Log: {LogFile}",
                    exitCode: 2);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This probe timed out; the overall deadline still bounds the wait.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }

        throw new ActionableError($"the AWS emulator did not answer on {Endpoint} within {DurationText.Human(StartDeadline)} — see {LogFile}", exitCode: 2);
    }

    // The caller's environment must not switch moto's behaviour: only the options do.
    private static bool IsEmulatorSetting(string name) =>
        name.StartsWith("MOTO_", StringComparison.Ordinal) || name.StartsWith("MLFLOW_DEPLOY_IAM", StringComparison.Ordinal)
        || name is "INITIAL_NO_AUTH_ACTION_COUNT" or "MLFLOW_DEPLOY_CALL_RECORD";

    private string LastLine()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        }
        catch (IOException)
        {
            return "no output";
        }
    }
}
