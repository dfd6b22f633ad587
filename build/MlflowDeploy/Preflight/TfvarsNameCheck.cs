using MlflowDeploy.Environments;

namespace MlflowDeploy.Preflight;

/// <summary>
/// Every name the environment's tfvars sets must be a declared variable. Terraform only warns about an
/// undeclared one and goes on with the default, so a typo would silently deploy the default value.
/// </summary>
public static class TfvarsNameCheck
{
    public const string Name = "tfvars names";

    public static PreflightResult Run(string varFile, string varFileShown, DeclaredVariables declared)
    {
        var assignments = TfvarsFile.Read(varFile).Assignments;
        var unknown = assignments.Where(a => !declared.Contains(a.Name)).ToList();
        if (unknown.Count == 0)
        {
            return PreflightResult.Pass(Name, $"{assignments.Count} setting(s) in {varFileShown}, all declared in infra/");
        }

        var first = unknown[0];
        var suggestion = NameSuggestion.Closest(first.Name, declared.Names);
        var fix = suggestion is null
            ? "remove it or declare it in infra/variables.tf"
            : $"did you mean {suggestion}? rename it in {varFileShown}";
        var more = unknown.Count > 1 ? $" (also unknown: {string.Join(", ", unknown.Skip(1).Select(u => u.Name))})" : string.Empty;
        return PreflightResult.Fail(Name, $"{varFileShown}:{first.Line}: unknown variable '{first.Name}' — {fix}{more}");
    }
}
