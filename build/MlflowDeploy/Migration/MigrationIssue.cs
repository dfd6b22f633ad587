namespace MlflowDeploy.Migration;

public enum MigrationIssueKind
{
    /// <summary>A selected experiment name that no active source experiment has.</summary>
    ExperimentNotFound,

    /// <summary>The target holds the name in a deleted experiment: never renamed, so its runs are not copied.</summary>
    ExperimentDeletedOnTarget,

    /// <summary>A source experiment tag whose value differs on the target; not overwritten.</summary>
    ExperimentTagDiffers,

    /// <summary>A run's copy was deleted on the target; it is not made again.</summary>
    RunCopyDeletedOnTarget,

    /// <summary>A param whose value differs on the target; params cannot change, so it is reported.</summary>
    ParamDiffers,

    /// <summary>A run tag whose value differs on the target; not overwritten.</summary>
    TagDiffers,

    /// <summary>A param or tag the target refused (e.g. longer than it accepts).</summary>
    ValueRefused,

    /// <summary>Artifacts that could not be read from the source or written to the target.</summary>
    ArtifactsNotCopied,

    /// <summary>A run whose copy failed after its retries; a later Migrate resumes it.</summary>
    RunFailed,

    /// <summary>The closing check found the two sides different.</summary>
    CheckMismatch,
}

/// <summary>One thing a user should know about a migration, in one line.</summary>
public sealed record MigrationIssue(MigrationIssueKind Kind, string Line)
{
    public override string ToString() => Line;
}
