using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// What every stage works with: the resolved environment and where its artifacts go, the run's parameters and
/// rehearsal policy, the log, and — created on first use only — the account (the emulator, for an emulated
/// environment), terraform bound to it, and AWS clients. A stage that only reads files starts nothing.
/// </summary>
public sealed class PipelineContext : IAsyncDisposable
{
    private readonly List<VarOverride> _stageOverrides = [];
    private EmulatorSession? _emulator;
    private TerraformWorkspace? _terraform;
    private bool _initialized;
    private TfvarsFile? _tfvars;
    private RoleSession? _role;
    private PlanGateReading? _planGateReading;

    public PipelineContext(PipelineParameters parameters, RehearsalPolicy rehearsal, Action<string> log)
    {
        Parameters = parameters;
        Rehearsal = rehearsal;
        Log = log;
        Environment = EnvironmentCatalog.Resolve(parameters.RepositoryRoot, parameters.Environment);
        if (parameters.LeastPrivilege && !Environment.UsesEmulator)
        {
            throw new ActionableError(
                $"--least-privilege rehearses the bootstrap's roles in the emulator; '{Environment.Name}' is an AWS account, where the workflows assume the real roles — drop --least-privilege or use --environment=local",
                exitCode: 2);
        }
    }

    public PipelineParameters Parameters { get; }
    public RehearsalPolicy Rehearsal { get; }
    public Action<string> Log { get; }
    public DeployEnvironment Environment { get; }
    public ArtifactLayout Artifacts => Environment.Artifacts;

    /// <summary>The plan this run writes or applies: <c>--plan-file</c>, else the environment's own.</summary>
    public string PlanFile => Parameters.PlanFile is { } file ? Path.GetFullPath(file, Parameters.RepositoryRoot) : Artifacts.PlanFile;

    public TfvarsFile Tfvars => _tfvars ??= TfvarsFile.Read(Environment.VarFile);

    /// <summary>The stack's region as its tfvars set it (infra/variables.tf defaults to eu-west-2).</summary>
    public string Region => Tfvars.GetString("region") ?? "eu-west-2";

    /// <summary>The emulator's address once an emulated environment's account is started; null for an AWS account.</summary>
    public Uri? EmulatorEndpoint => _emulator?.Endpoint;

    /// <summary>A path as the user sees it from the repository root.</summary>
    public string Relative(string path) => Path.GetRelativePath(Parameters.RepositoryRoot, path);

    /// <summary>
    /// The variables that point terraform and the library's clients at the environment's account: the emulator's
    /// (started here, once) for an emulated environment; none for an AWS account, whose credentials come from the
    /// SDK's default chain.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> AccountAsync(CancellationToken cancellationToken)
    {
        if (!Environment.UsesEmulator)
        {
            return new Dictionary<string, string?>();
        }

        _emulator ??= await EmulatorSession.StartAsync(Environment, Tfvars, Log, cancellationToken, Parameters.LeastPrivilege).ConfigureAwait(false);
        var variables = new Dictionary<string, string?>(_emulator.Variables);
        if (_emulator.LeastPrivilege is not null)
        {
            // The init hook's simulated task acts as the emulator's services, not as the stage's role.
            foreach (var (name, value) in SimulatedInitTaskHost.ServiceVariables(_emulator.ServiceCredentials))
            {
                variables[name] = value;
            }
        }

        foreach (var (name, value) in _role?.Variables(_emulator.Endpoint, Region) ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>
    /// Runs one stage. Under <c>--least-privilege</c> it runs as the role its class declares (<see cref="RunsAsAttribute"/>),
    /// with that role's session for terraform and the library's clients alike, and its calls are checked against the
    /// role's policies before the next stage starts. Otherwise the stage runs with the account's own credentials.
    /// </summary>
    public async Task RunStageAsync(StageBody stage, CancellationToken cancellationToken)
    {
        var role = RunsAsAttribute.Of(stage);
        if (!Parameters.LeastPrivilege || role is null || _role is not null)
        {
            // A stage that declares no role talks to no account; one called from within another stage keeps that stage's session.
            await stage(this, cancellationToken).ConfigureAwait(false);
            return;
        }

        await AccountAsync(cancellationToken).ConfigureAwait(false);
        var account = _emulator!.LeastPrivilege!;
        _role = await account.AssumeAsync(role.Value, RunsAsAttribute.NameOf(stage), cancellationToken).ConfigureAwait(false);
        // terraform and the SDK's default chain both follow the session from here until the stage ends.
        _terraform = null;
        using var scope = new ProcessEnvironmentScope(_role.Variables(_emulator.Endpoint, Region));
        try
        {
            await stage(this, cancellationToken).ConfigureAwait(false);
            await account.CheckAsync(_role, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _role = null;
            _terraform = null;
        }
    }

    /// <summary>
    /// The overrides a plan of this run applies on top of the environment's tfvars: the run's <c>--var</c>s, then any a
    /// stage set (the rehearsal's second cycle). They go to terraform as <c>-var-file</c> after the environment's, the
    /// only way to win over a value the tfvars set (a <c>TF_VAR_</c> variable loses to it), and the manifest names them.
    /// </summary>
    public IReadOnlyList<VarOverride> PlanOverrides => [.. Parameters.VarOverrides.Where(o => _stageOverrides.All(s => s.Name != o.Name)), .. _stageOverrides];

    /// <summary>Sets a variable for every later plan of the run, as a second rehearsal cycle changes the stack without editing its tfvars.</summary>
    public void OverrideVariable(string name, string value)
    {
        _stageOverrides.RemoveAll(o => o.Name == name);
        _stageOverrides.Add(new VarOverride(name, value));
    }

    /// <summary>What this run's Plan read from the JSON of the plan it wrote, for an Apply of the same bytes in the same run.</summary>
    public void RememberPlanGateReading(PlanGateReading reading) => _planGateReading = reading;

    /// <summary>
    /// What this run's Plan read from a plan with these exact bytes (<paramref name="planSha256"/>, checked against the file
    /// by the manifest), or null: the same bytes give the same JSON, so Apply need not have terraform show it again.
    /// </summary>
    public PlanGateReading? PlanGateReadingOf(string planSha256) =>
        _planGateReading is { } reading && string.Equals(reading.PlanSha256, planSha256, StringComparison.OrdinalIgnoreCase) ? reading : null;

    /// <summary>terraform for this environment and its account, not yet initialised (Validate initialises without the backend).</summary>
    public async Task<TerraformWorkspace> TerraformAsync(CancellationToken cancellationToken)
    {
        if (_terraform is null)
        {
            // A missing terraform fails here, before an emulator is started for nothing.
            _ = TerraformWorkspace.LocateTerraform();
            var account = await AccountAsync(cancellationToken).ConfigureAwait(false);
            _terraform = TerraformWorkspace.Create(Environment, TerraformSettings.FromEnvironment(), account, Log);
        }

        return _terraform;
    }

    /// <summary>terraform initialised against the environment's state, once per run.</summary>
    public async Task<TerraformWorkspace> InitializedTerraformAsync(CancellationToken cancellationToken)
    {
        var backend = StateBackend.For(Environment, Region);
        var terraform = await TerraformAsync(cancellationToken).ConfigureAwait(false);
        if (!_initialized)
        {
            Log($"state: {backend.Description}");
            await terraform.InitAsync(backend, cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }

        return terraform;
    }

    /// <summary>
    /// What the stack's state says was deployed: read from the state object itself, without terraform, so that Verify
    /// and Status start in a second; <c>terraform output</c> only when the state can't be read that way (one line says why).
    /// </summary>
    public async Task<DeploymentOutputs> OutputsAsync(CancellationToken cancellationToken)
    {
        await AccountAsync(cancellationToken).ConfigureAwait(false);
        var state = StateObject.TryLocate(Environment, Region, System.Environment.GetEnvironmentVariable, out var whyNot);
        if (state is not null)
        {
            try
            {
                using var outputs = await ReadStateOutputsAsync(state, cancellationToken).ConfigureAwait(false);
                Log($"outputs: read from the state at {state.Description}");
                return DeploymentOutputs.FromTerraformOutputs(outputs.RootElement);
            }
            catch (InvalidDataException e)
            {
                whyNot = $"{state.Description} is not a state this pipeline can read: {e.Message}";
            }
            catch (ActionableError e) when (e.InnerException is AwsServiceException)
            {
                whyNot = $"{state.Description} could not be read: {e.Message}";
            }
            catch (AwsServiceException e)
            {
                whyNot = $"{state.Description} could not be read: {e.Message}";
            }
        }

        Log($"outputs: asking terraform, since {whyNot}");
        var terraform = await InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        using var terraformOutputs = await terraform.OutputsAsync(cancellationToken).ConfigureAwait(false);
        return DeploymentOutputs.FromTerraformOutputs(terraformOutputs.RootElement);
    }

    private static async Task<System.Text.Json.JsonDocument> ReadStateOutputsAsync(StateObject state, CancellationToken cancellationToken)
    {
        using var aws = await AwsClients.CreateAsync(state.Region, cancellationToken).ConfigureAwait(false);
        await using var stream = await aws.S3.OpenObjectAsync(state.Bucket, state.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableError($"there is no state at {state.Description}: the environment is not deployed (run Apply first)", exitCode: 2);
        return await StateOutputsReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Clients acting as the emulator's own services, for what stands in for AWS (the Fargate stand-in): not a stage's
    /// role, so the least-privilege proof counts only what the pipeline itself does.
    /// </summary>
    public async Task<AwsClients> EmulatorServicesAsync(string region, CancellationToken cancellationToken)
    {
        var variables = await AccountAsync(cancellationToken).ConfigureAwait(false);
        var emulator = _emulator ?? throw new InvalidOperationException($"environment '{Environment.Name}' has no emulator");
        return AwsClients.Create(emulator.ServiceCredentials, region, name => variables.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name));
    }

    /// <summary>Clients for the environment's account in <paramref name="region"/>.</summary>
    public async Task<AwsClients> AwsAsync(string region, CancellationToken cancellationToken)
    {
        await AccountAsync(cancellationToken).ConfigureAwait(false);
        return await AwsClients.CreateAsync(region, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
