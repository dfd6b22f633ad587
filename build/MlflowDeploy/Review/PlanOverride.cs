using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Review;

/// <summary>
/// A variable the plan was made with on top of the environment's tfvars (<c>--var</c>, or a stage's own such as
/// Restore's snapshot), as the review shows it: the value, or nothing for a sensitive variable.
/// </summary>
public sealed record PlanOverride(string Name, string? Value)
{
    private const int MaxShownLength = 120;

    public bool Sensitive => Value is null;

    /// <summary>The override as a review shows it; the value of a variable declared <c>sensitive</c> is never kept.</summary>
    public static PlanOverride Of(VarOverride given, DeclaredVariable variable)
    {
        if (variable.Sensitive)
        {
            return new PlanOverride(given.Name, null);
        }

        var value = given.Value.ReplaceLineEndings(" ");
        return new PlanOverride(given.Name, value.Length > MaxShownLength ? value[..MaxShownLength] + "…" : value);
    }

    /// <summary>"desired_count=4", "db_password=(sensitive)".</summary>
    public override string ToString() => $"{Name}={Value ?? SecretRedactor.Mask}";
}
