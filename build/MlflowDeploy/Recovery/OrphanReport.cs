namespace MlflowDeploy.Recovery;

/// <summary>What the search found: the orphans, how many tagged resources the state holds, and what AWS made on the stack's behalf.</summary>
public sealed record OrphanReport(IReadOnlyList<OrphanedResource> Orphans, int InState, IReadOnlyList<string> NotManaged);
