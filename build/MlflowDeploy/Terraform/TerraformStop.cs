namespace MlflowDeploy.Terraform;

/// <summary>
/// How a terraform run that was told to stop ended: within its grace (it wrote its state) or killed after it, and
/// what that may have left in the account, as one line plus the operations behind it.
/// </summary>
public sealed record TerraformStop(TerraformCommand Command, TimeSpan Elapsed, bool Killed)
{
    /// <summary>One line: how terraform ended and what the next run has to look at.</summary>
    public string Summary()
    {
        var verb = "terraform " + Command.Verb;
        var operations = Command.Operations;
        if (Killed)
        {
            var unfinished = operations?.Unfinished.Count ?? 0;
            return $"{verb} did not stop within its {DurationText.Human(Command.InterruptGrace)} grace and was killed"
                + (unfinished > 0
                    ? $": {unfinished} operation(s) in flight (listed above) may have changed the account without reaching the state"
                    : ": the state may lack its last changes")
                + ", and the state lock may still be held — run Plan: it names a held lock; Validate lists what exists outside the state";
        }

        if (operations is null)
        {
            return $"{verb} stopped after {DurationText.Human(Elapsed)}; it had changed nothing";
        }

        if (Command.Verb == "plan")
        {
            // A plan (Plan, the clean-plan check after Apply, Destroy's plan) writes neither the account nor the state.
            return $"{verb} stopped after {DurationText.Human(Elapsed)}; a plan changes nothing in the account or the state";
        }

        var cut = operations.Errored.Count + operations.Unfinished.Count;
        return cut == 0
            ? $"{verb} stopped after {DurationText.Human(Elapsed)} and wrote its state: every operation it started had finished"
            : $"{verb} stopped after {DurationText.Human(Elapsed)} and wrote its state; it cut short {cut} operation(s) (listed above) — "
              + "a create cut short may have made a resource outside the state: Validate lists it with its import command; then Plan shows the rest";
    }

    /// <summary>The operations behind <see cref="Summary"/>, one per line.</summary>
    public IEnumerable<string> Details()
    {
        if (Command.Operations is not { } operations)
        {
            yield break;
        }

        foreach (var operation in operations.Unfinished)
        {
            yield return $"  may be left outside the state: {operation}";
        }

        foreach (var operation in operations.Errored)
        {
            yield return $"  cut short: {operation}";
        }
    }
}
