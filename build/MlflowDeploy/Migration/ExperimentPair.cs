using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

internal enum ExperimentAction
{
    /// <summary>No experiment of that name on the target: Migrate creates it.</summary>
    Create,

    /// <summary>An active experiment of that name (or the Default experiment, id 0) exists: runs are added to it.</summary>
    Merge,

    /// <summary>The name is held by an experiment deleted on the target: nothing is copied into it.</summary>
    Skip,
}

/// <summary>A source experiment and its counterpart on the target.</summary>
internal sealed class ExperimentPair
{
    public required MlflowExperiment Source { get; init; }

    public ExperimentAction Action { get; set; }

    /// <summary>Null until created, and in a dry run for one that would be created.</summary>
    public MlflowExperiment? Target { get; set; }

    public string Describe() => $"experiment '{Source.Name}'";
}
