namespace MlflowDeploy.Preflight;

/// <summary>
/// One group of Validate: its checks are printed as they finish, and the group ends the run with its first
/// failure's line when any check in it failed, so later groups (which rely on this one) never run.
/// </summary>
public sealed class PreflightGroup(string name, Action<string> log)
{
    private readonly List<PreflightResult> _results = [];

    public string Name => name;

    public IReadOnlyList<PreflightResult> Results => _results;

    public PreflightResult Add(PreflightResult result)
    {
        _results.Add(result);
        log("  " + result.Line);
        return result;
    }

    /// <summary>Runs a check; a user-fixable error it throws becomes its failure.</summary>
    public async Task<PreflightResult> RunAsync(string checkName, Func<Task<PreflightResult>> check)
    {
        try
        {
            return Add(await check().ConfigureAwait(false));
        }
        catch (ActionableError error)
        {
            return Add(PreflightResult.From(checkName, error));
        }
    }

    public void ThrowIfFailed()
    {
        var failures = _results.Where(r => r.Status == CheckStatus.Fail).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var first = failures[0];
        var more = failures.Count > 1 ? $" (and {failures.Count - 1} more failure(s) above)" : string.Empty;
        throw new ActionableError($"Validate ({name}): {first.Name}: {first.Detail}{more}", first.ExitCode);
    }
}
