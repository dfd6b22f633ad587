namespace MlflowDeploy.Review;

/// <summary>What the Plan task knows when it writes the manifest beside plan.bin.</summary>
public sealed record PlanManifestInput
{
    public required string PlanFile { get; init; }
    public required string Environment { get; init; }
    public string? TerraformVersion { get; init; }
    public IReadOnlyList<string> VarFiles { get; init; } = [];

    /// <summary>Override names; "name=value" is accepted and cut to the name, so values never reach disk.</summary>
    public IReadOnlyList<string> VarOverrides { get; init; } = [];

    /// <summary>Folder for <c>git rev-parse HEAD</c> when GITHUB_SHA is unset; the current folder by default.</summary>
    public string? RepositoryDirectory { get; init; }
}
