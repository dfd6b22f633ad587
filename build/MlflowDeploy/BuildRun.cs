using MlflowDeploy.Stages;

namespace MlflowDeploy;

/// <summary>
/// The bridge between Cake's synchronous task bodies and the async stages: it creates the run's
/// <see cref="PipelineContext"/> on the first task body (so <c>--dryrun</c>, <c>--tree</c> and <c>--description</c>
/// start nothing, and each stage starts only what it uses), owns Ctrl-C handling, and ends the process on a
/// user-fixable error with one line and its exit code.
/// </summary>
public sealed class BuildRun : IDisposable
{
    private readonly PipelineParameters _parameters;
    private readonly Action<string> _log;
    private readonly bool _dryRun;
    private readonly RunCancellation _cancellation;
    private PipelineContext? _context;
    private bool _disposed;

    /// <summary>Parses the arguments; a malformed one ends the build here with its one line, before anything starts.</summary>
    public static BuildRun Create(Func<PipelineParameters> parse, Action<string> log, bool dryRun = false)
    {
        try
        {
            return new BuildRun(parse(), log, dryRun);
        }
        catch (ActionableError error)
        {
            Console.Error.WriteLine($"✖ {error.Message}");
            Environment.Exit(error.ExitCode);
            throw; // not reached
        }
    }

    public BuildRun(PipelineParameters parameters, Action<string> log, bool dryRun = false)
    {
        _parameters = parameters;
        // Stages run terraform processes side by side (fmt beside init, validate beside the render, a plan's text beside its
        // JSON), each echoing its lines: one line at a time reaches Cake's log.
        var gate = new object();
        _log = line =>
        {
            lock (gate)
            {
                log(line);
            }
        };
        _dryRun = dryRun;
        _cancellation = new RunCancellation(_log);
    }

    public CancellationToken Token => _cancellation.Token;

    public PipelineParameters Parameters => _parameters;

    /// <summary>The checks the stages of this run add (build/build.cake sets it when Rehearse is among the tasks to run).</summary>
    public RehearsalPolicy Rehearsal { get; set; } = RehearsalPolicy.SingleStage;

    public void Execute(StageBody stage)
    {
        if (_dryRun)
        {
            return;
        }

        try
        {
            _context ??= new PipelineContext(_parameters, Rehearsal, _log);
            _context.RunStageAsync(stage, Token).GetAwaiter().GetResult();
        }
        catch (ActionableError error)
        {
            End(error.Message, error.ExitCode);
        }
        catch (OperationCanceledException e) when (Token.IsCancellationRequested)
        {
            // Interrupted inside terraform: say how terraform ended and what may be left, not only that it stopped.
            End(e is Terraform.TerraformInterrupted stopped
                ? $"the run was interrupted: {stopped.Message}"
                : "the run was interrupted; the emulator was stopped and nothing more was started", 130);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _context?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _cancellation.Dispose();
        }
    }

    /// <summary>
    /// Ends the build on a user-fixable error. Cake would frame any exception with lines of its own and exit 1;
    /// the contract is one line and the stage's exit code, after the same clean-up as teardown.
    /// </summary>
    private void End(string line, int exitCode)
    {
        Dispose();
        Console.Out.Flush();
        Console.Error.WriteLine($"✖ {line}");
        Console.Error.Flush();
        Environment.Exit(exitCode);
    }
}
