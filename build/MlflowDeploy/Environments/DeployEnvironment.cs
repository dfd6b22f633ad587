namespace MlflowDeploy.Environments;

/// <summary>
/// One environment: <c>infra/environments/&lt;name&gt;.tfvars</c>, the <c>&lt;name&gt;.backend.hcl</c> that locates
/// its state in an account (emulated environments keep theirs in the emulator), and where its plans and reports are kept.
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
    public ArtifactLayout Artifacts => new(Path.Combine(RepositoryRoot, "artifacts", Name));
    public bool UsesEmulator => Name == EmulatedName || Name.StartsWith(EmulatedName + "-", StringComparison.Ordinal);
}
