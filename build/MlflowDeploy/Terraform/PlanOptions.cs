namespace MlflowDeploy.Terraform;

/// <summary>What a plan adds to the environment's var file: an override var file (read after it), resources to replace, and targets.</summary>
public sealed record PlanOptions
{
    public static PlanOptions None { get; } = new();

    /// <summary>An <see cref="Terraform.OverrideVarFile"/>'s path; its values win over the environment's tfvars.</summary>
    public string? OverrideVarFile { get; init; }

    /// <summary>Addresses planned for replacement whatever their attributes say (<c>-replace=</c>).</summary>
    public IReadOnlyList<string> Replace { get; init; } = [];

    /// <summary>Only these addresses and what depends on them (<c>-target=</c>): how Destroy keeps the bucket until last.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>
    /// false plans without the state lock (<c>-lock=false</c>): the read-only plans of pull requests and the nightly
    /// check, whose role cannot write the lock, so a plan never holds the lock an approved apply waits for.
    /// </summary>
    public bool TakeLock { get; init; } = true;
}
