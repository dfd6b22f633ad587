using MlflowDeploy.Environments;

namespace MlflowDeploy.Preflight;

/// <summary>
/// Plan's <c>--var</c> overrides against the variables infra/ declares, before terraform starts: an unknown name
/// (with the closest declared one), a name given twice, an ephemeral variable (terraform would need it again when
/// Apply applies the saved plan) and a variable a stage of its own sets are each one line.
/// </summary>
public static class VarOverrideCheck
{
    /// <summary>Variables that only a dedicated stage sets, and that stage's command.</summary>
    public static readonly IReadOnlyDictionary<string, string> SetByStage = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Backup.RestorePlan.SnapshotVariable] = "./build.sh --target=Restore --snapshot=<snapshot id>",
    };

    /// <summary>Each override with its declaration, in the order given; throws <see cref="ActionableError"/> (exit 2) on the first problem.</summary>
    public static IReadOnlyList<(VarOverride Override, DeclaredVariable Variable)> Resolve(
        IReadOnlyList<VarOverride> overrides, DeclaredVariables declared, bool allowStageVariables = false)
    {
        var resolved = new List<(VarOverride, DeclaredVariable)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in overrides)
        {
            if (declared.Find(item.Name) is not { } variable)
            {
                var suggestion = NameSuggestion.Closest(item.Name, declared.Names);
                var fix = suggestion is null ? "see infra/variables.tf for the variables you can set" : $"did you mean {suggestion}?";
                throw new ActionableError($"--var {item.Name}: infra/ declares no such variable — {fix}", exitCode: 2);
            }

            if (!seen.Add(item.Name))
            {
                throw new ActionableError($"--var {item.Name} is given twice — pass each variable once", exitCode: 2);
            }

            if (variable.Ephemeral)
            {
                throw new ActionableError(
                    $"--var {item.Name}: the variable is ephemeral, so terraform would need its value again when Apply applies the saved plan — set TF_VAR_{item.Name} for both Plan and Apply instead",
                    exitCode: 2);
            }

            if (!allowStageVariables && SetByStage.TryGetValue(item.Name, out var command))
            {
                throw new ActionableError($"--var {item.Name} is set by its own task — run {command}", exitCode: 2);
            }

            resolved.Add((item, variable));
        }

        return resolved;
    }
}
