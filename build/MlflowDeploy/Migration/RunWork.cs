using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

internal enum RunWorkKind
{
    /// <summary>No copy on the target yet.</summary>
    New,

    /// <summary>A copy exists without a current copy mark: compared and completed.</summary>
    Resume,

    /// <summary>The copy mark equals the source's fingerprint: nothing to do.</summary>
    Unchanged,

    /// <summary>Not copied: the copy was deleted on the target.</summary>
    Skipped,
}

/// <summary>One source run and what is known of its copy.</summary>
internal sealed class RunWork
{
    public required ExperimentPair Experiment { get; init; }

    public required MlflowRun Source { get; init; }

    public MlflowRun? Target { get; set; }

    public RunWorkKind Kind { get; set; }

    /// <summary>Its copy could not be created or completed; a later Migrate resumes it.</summary>
    public bool Failed { get; set; }

    /// <summary>The copy read back the same as its source with nothing left out (or its mark said so before).</summary>
    public bool Faithful { get; set; }

    public string Describe() =>
        $"run '{Source.Info.RunName}' ({Source.Info.RunId}) of {Experiment.Describe()}" + (Target is null ? string.Empty : $" (copy {Target.Info.RunId})");
}
