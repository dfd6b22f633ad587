using System.Text.Json;
using MlflowDeploy.Environments;

namespace MlflowDeploy.Terraform;

/// <summary>
/// The terraform CLI bound to one environment: <c>infra/</c> as the working directory, the environment's
/// var file, its own data directory and state, and the provider mirror. Every call has a deadline.
/// </summary>
public sealed class TerraformWorkspace
{
    private readonly DeployEnvironment _environment;
    private readonly TerraformSettings _settings;
    private readonly TerraformProcess _process;
    private readonly Action<string> _output;

    private TerraformWorkspace(DeployEnvironment environment, TerraformSettings settings, TerraformProcess process, Action<string> output)
    {
        _environment = environment;
        _settings = settings;
        _process = process;
        _output = output;
    }

    public DeployEnvironment Environment => _environment;

    /// <summary>The var file as terraform sees it from <c>infra/</c>, so diagnostics name it the way a reader expects.</summary>
    public string VarFileArgument => Path.GetRelativePath(_environment.InfraDirectory, _environment.VarFile);

    public static TerraformWorkspace Create(
        DeployEnvironment environment,
        TerraformSettings settings,
        IReadOnlyDictionary<string, string?> awsEnvironment,
        Action<string> output,
        string? path = null)
    {
        var executable = LocateTerraform(path);
        var artifacts = environment.Artifacts;
        Directory.CreateDirectory(artifacts.Directory);

        var variables = new Dictionary<string, string?>(awsEnvironment)
        {
            ["TF_DATA_DIR"] = artifacts.TerraformDataDirectory,
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
            [InitTask.InitHookCommand.Variable] = InitTask.InitHookCommand.Executable(),
        };
        if (settings.PluginMirror is { } mirror)
        {
            variables["TF_CLI_CONFIG_FILE"] = TerraformCliConfig.Write(artifacts.TerraformCliConfig, mirror);
        }

        var process = new TerraformProcess(executable, environment.InfraDirectory, variables, output, TerraformProcess.FindSessionLauncher());
        return new TerraformWorkspace(environment, settings, process, output);
    }

    /// <summary>The terraform binary on <paramref name="path"/> (default PATH), or the one line that says it is missing.</summary>
    public static string LocateTerraform(string? path = null) =>
        ExecutableLocator.Find("terraform", path) ?? throw new ActionableError(
            "terraform was not found on PATH — install Terraform 1.11 or later (https://developer.hashicorp.com/terraform/install) and re-run",
            exitCode: 2);

    /// <summary>Init against the environment's state (<see cref="StateBackend"/>), in the environment's own data folder.</summary>
    public Task InitAsync(StateBackend backend, CancellationToken cancellationToken) =>
        RunAsync(new TerraformCommand(["init", "-input=false", "-no-color", "-reconfigure", .. backend.InitArguments], _settings.InitDeadline) { Echo = QuietInit }, cancellationToken);

    /// <summary>
    /// Installs the providers without touching the backend: static checks must not need the state bucket,
    /// which the account preflight checks (and names) afterwards.
    /// </summary>
    public Task InitWithoutBackendAsync(CancellationToken cancellationToken) =>
        RunAsync(new TerraformCommand(["init", "-input=false", "-no-color", "-backend=false"], _settings.InitDeadline) { Echo = QuietInit }, cancellationToken);

    /// <summary>
    /// <c>terraform test -json -verbose</c> on <paramref name="configDirectory"/> (a copy of the configuration that
    /// shares this workspace's providers), writing the event stream to <paramref name="jsonFile"/>. Exit code 1
    /// (a failed run) is an answer here: the caller reads the diagnostics from the stream.
    /// </summary>
    public Task<TerraformResult> TestAsync(string configDirectory, string testDirectory, string varFile, string jsonFile, CancellationToken cancellationToken) =>
        RunAsync(
            new TerraformCommand(
                ["-chdir=" + configDirectory, "test", "-no-color", "-json", "-verbose", "-test-directory=" + testDirectory, "-var-file=" + varFile],
                _settings.CheckDeadline)
            {
                StdoutFile = jsonFile,
                SuccessExitCodes = new HashSet<int> { 0, 1 },
            },
            cancellationToken);

    public async Task FormatCheckAsync(CancellationToken cancellationToken)
    {
        var command = new TerraformCommand(["fmt", "-check", "-recursive", "-no-color"], _settings.CheckDeadline)
        {
            SuccessExitCodes = new HashSet<int> { 0, 3 },
        };
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        var files = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (result.ExitCode != 0 || files.Length > 0)
        {
            throw new ActionableError(
                $"terraform fmt: not formatted: {string.Join(", ", files.Select(f => "infra/" + f))} — run `terraform fmt -recursive infra` and commit the result");
        }
    }

    public async Task<IReadOnlyList<TerraformDiagnostic>> ValidateAsync(CancellationToken cancellationToken)
    {
        var command = new TerraformCommand(["validate", "-json", "-no-color"], _settings.CheckDeadline)
        {
            SuccessExitCodes = new HashSet<int> { 0, 1 },
        };
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(result.Stdout);
        var diagnostics = document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(TerraformDiagnostic.FromJson).ToList();
        foreach (var diagnostic in diagnostics)
        {
            _output($"{(diagnostic.IsError ? "Error" : "Warning")}: {diagnostic.OneLine()}");
        }

        if (diagnostics.FirstOrDefault(d => d.IsError) is { } error)
        {
            var more = diagnostics.Count(d => d.IsError) - 1;
            throw new ActionableError($"terraform validate: {error.OneLine()}{(more > 0 ? $" (and {more} more error(s) above)" : string.Empty)}");
        }

        return diagnostics;
    }

    /// <summary>
    /// A destroy plan into <paramref name="planFile"/>. With <paramref name="targets"/>, only those resources and what
    /// depends on them: how Destroy leaves the resources it keeps alone until everything else is gone.
    /// </summary>
    public Task<bool> PlanDestroyAsync(string planFile, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        PlanAsync(planFile, destroy: true, cancellationToken, new PlanOptions { Targets = targets });

    /// <summary>Applies a saved plan (a destroy plan too): terraform does exactly what the plan file says.</summary>
    public Task ApplyAsync(string planFile, CancellationToken cancellationToken) =>
        RunJsonAsync(["apply", "-input=false", "-json", "-lock-timeout=2m", planFile], _settings.ApplyDeadline, null, cancellationToken, _settings.ApplyInterruptGrace);

    /// <summary>Removes a lock left by a run that can no longer release it (<c>terraform force-unlock</c>).</summary>
    public Task ForceUnlockAsync(string lockId, CancellationToken cancellationToken) =>
        RunAsync(new TerraformCommand(["force-unlock", "-force", "-no-color", lockId], _settings.CheckDeadline) { InterruptGrace = _settings.InterruptGrace }, cancellationToken);

    /// <summary>
    /// The state as terraform stores it (<c>state pull</c>). It holds sensitive values in clear: parse it, never show it.
    /// Null when nothing was ever applied.
    /// </summary>
    public async Task<JsonDocument?> StatePullAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(new TerraformCommand(["state", "pull"], _settings.CheckDeadline) { InterruptGrace = _settings.InterruptGrace }, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(result.Stdout) ? null : JsonDocument.Parse(result.Stdout);
    }

    /// <summary>Plans into <paramref name="planFile"/>; true when the plan has changes.</summary>
    public async Task<bool> PlanAsync(string planFile, bool destroy, CancellationToken cancellationToken, PlanOptions? options = null)
    {
        options ??= PlanOptions.None;
        var arguments = new List<string>
        {
            "plan", "-input=false", "-json", "-detailed-exitcode", options.TakeLock ? "-lock-timeout=2m" : "-lock=false",
            "-var-file=" + VarFileArgument, "-out=" + planFile,
        };
        if (options.OverrideVarFile is { } overrides)
        {
            // After the environment's var file, so that its values win (terraform takes the last value given).
            arguments.Add("-var-file=" + overrides);
        }

        arguments.AddRange(options.Replace.Select(address => "-replace=" + address));
        arguments.AddRange(options.Targets.Select(address => "-target=" + address));
        if (destroy)
        {
            arguments.Add("-destroy");
        }

        var result = await RunJsonAsync(arguments, _settings.PlanDeadline, new HashSet<int> { 0, 2 }, cancellationToken, _settings.InterruptGrace).ConfigureAwait(false);
        return result.ExitCode == 2;
    }

    /// <summary>Writes <c>show -json</c> of a plan to a file. It holds sensitive values in clear: never echo it.</summary>
    private Task ShowJsonAsync(string planFile, string jsonFile, CancellationToken cancellationToken) =>
        RunAsync(new TerraformCommand(["show", "-json", "-no-color", planFile], _settings.CheckDeadline) { StdoutFile = jsonFile }, cancellationToken);

    /// <summary>
    /// The one way a plan's JSON is read: written to a private temporary folder (never under <c>artifacts/</c>, which
    /// is uploaded), handed to <paramref name="read"/>, and deleted whatever happens, because it holds every
    /// sensitive value in clear.
    /// </summary>
    public async Task<T> ReadPlanJsonAsync<T>(string planFile, Func<string, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        // CreateTempSubdirectory makes the folder readable by this user only.
        var folder = Directory.CreateTempSubdirectory("mlflow-deploy-plan-");
        try
        {
            var json = Path.Combine(folder.FullName, "plan.json");
            await ShowJsonAsync(planFile, json, cancellationToken).ConfigureAwait(false);
            return await read(json, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The human plan text; terraform itself prints "(sensitive value)" in place of sensitive values.</summary>
    public async Task<string> ShowTextAsync(string planFile, CancellationToken cancellationToken) =>
        (await RunAsync(new TerraformCommand(["show", "-no-color", planFile], _settings.CheckDeadline), cancellationToken).ConfigureAwait(false)).Stdout;

    /// <summary><c>output -json</c>: sensitive outputs are in clear here, so the text is parsed, never shown.</summary>
    public async Task<JsonDocument> OutputsAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(new TerraformCommand(["output", "-json", "-no-color"], _settings.CheckDeadline), cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(result.Stdout);
    }

    /// <summary>Resource addresses in state; empty when nothing is deployed.</summary>
    public async Task<IReadOnlyList<string>> StateListAsync(CancellationToken cancellationToken)
    {
        var command = new TerraformCommand(["state", "list", "-no-color"], _settings.CheckDeadline) { SuccessExitCodes = new HashSet<int> { 0, 1 } };
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !result.Stderr.Contains("No state file was found", StringComparison.Ordinal))
        {
            throw TerraformFailure.From(command, result);
        }

        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Forgets resources without destroying them (<c>terraform state rm</c>).</summary>
    public async Task StateRemoveAsync(IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Count > 0)
        {
            await RunAsync(new TerraformCommand(["state", "rm", "-lock-timeout=2m", .. addresses], _settings.CheckDeadline), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(new TerraformCommand(["version", "-json"], _settings.CheckDeadline), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.GetProperty("terraform_version").GetString() ?? "unknown";
    }

    private async Task<TerraformResult> RunJsonAsync(
        IReadOnlyList<string> arguments, TimeSpan deadline, IReadOnlySet<int>? successCodes, CancellationToken cancellationToken, TimeSpan interruptGrace)
    {
        var log = new TerraformJsonLog();
        var command = new TerraformCommand(arguments, deadline)
        {
            Echo = log.Render,
            SuccessExitCodes = successCodes ?? new HashSet<int> { 0 },
            InterruptGrace = interruptGrace,
            Operations = log.Operations,
        };
        var result = await _process.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!command.SuccessExitCodes.Contains(result.ExitCode))
        {
            // Killed from outside (a runner's SIGKILL, the OOM killer): what it had started may be in the account only.
            var unfinished = log.Operations.Unfinished;
            foreach (var operation in unfinished)
            {
                _output($"  may be left outside the state: {operation}");
            }

            var failure = TerraformFailure.From(command, result, log.FirstError);
            throw unfinished.Count == 0
                ? failure
                : new ActionableError(
                    $"{failure.Message} — it ended with {unfinished.Count} operation(s) unfinished (listed above): run Plan (it names a held state lock), then Validate (it lists what exists outside the state)",
                    failure.ExitCode);
        }

        return result;
    }

    private async Task<TerraformResult> RunAsync(TerraformCommand command, CancellationToken cancellationToken)
    {
        var result = await _process.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!command.SuccessExitCodes.Contains(result.ExitCode))
        {
            throw TerraformFailure.From(command, result);
        }

        return result;
    }

    /// <summary>Init's chatter is noise in a pipeline log; its errors still reach the failure line.</summary>
    private static string? QuietInit(string line) =>
        line.StartsWith("Terraform has been successfully initialized", StringComparison.Ordinal)
        || line.StartsWith("- Installed", StringComparison.Ordinal)
        || line.StartsWith("- Using", StringComparison.Ordinal)
        || line.StartsWith("Successfully configured the backend", StringComparison.Ordinal)
            ? line
            : null;
}
