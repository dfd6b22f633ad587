namespace MlflowDeploy.Recovery;

/// <summary>Where an orphan belongs in the configuration; not <see cref="Exact"/> when it holds a placeholder to fill in.</summary>
public sealed record OrphanAddress(string Value, bool Exact);
