namespace MlflowDeploy.Recovery;

/// <summary>
/// A resource tagged as the stack's that no state holds; <see cref="Target"/> is null for a type not known here.
/// <see cref="BlocksApply"/>: the configuration would create it again under the same name, and AWS would refuse.
/// </summary>
public sealed record OrphanedResource(string Arn, string? Name, ImportTarget? Target, OrphanAddress? Address, bool BlocksApply = false)
{
    /// <summary>
    /// The import command, run from the repository root against the environment's initialised data folder, or null
    /// when the type is unknown. <paramref name="prefix"/> carries what the shell needs first (TF_DATA_DIR, the emulator).
    /// </summary>
    public string? ImportCommand(string prefix, string varFileArgument) =>
        Target is null || Address is null
            ? null
            : $"{prefix}terraform -chdir=infra import -var-file={varFileArgument} {Quote(Address.Value)} {Quote(Target.ImportId)}";

    /// <summary>
    /// The same adoption as an <c>import</c> block for infra/, planned and applied as a reviewed change: it works on any
    /// state, where the CLI import needs the state to already hold what the configuration's counts depend on.
    /// </summary>
    public string? ImportBlock =>
        Target is null || Address is null ? null : $"import {{\n  to = {Address.Value}\n  id = \"{Target.ImportId.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n}}";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
