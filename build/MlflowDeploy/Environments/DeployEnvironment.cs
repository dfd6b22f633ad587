namespace MlflowDeploy.Environments;

/// <summary>
/// One environment: <c>infra/environments/&lt;name&gt;.tfvars</c>, an optional <c>&lt;name&gt;.backend.hcl</c>
/// for remote state, and where its plans, state and reports are kept.
/// </summary>
public sealed record DeployEnvironment
{
    /// <summary>
    /// The environment that runs against the embedded AWS emulator instead of an account. Variants named
    /// <c>local-&lt;something&gt;</c> (a second local configuration, a test's bad input) run there too.
    /// </summary>
    public const string EmulatedName = "local";

    public required string Name { get; init; }
    public required string RepositoryRoot { get; init; }
    public required string VarFile { get; init; }
    public string? BackendConfigFile { get; init; }

    public string InfraDirectory => Path.Combine(RepositoryRoot, "infra");
    public string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts", Name);
    public bool UsesEmulator => Name == EmulatedName || Name.StartsWith(EmulatedName + "-", StringComparison.Ordinal);
    public bool HasRemoteState => BackendConfigFile is not null;

    /// <summary>Where local state lives when the environment has no remote backend.</summary>
    public string LocalStateFile => Path.Combine(ArtifactsDirectory, "terraform.tfstate");
}
