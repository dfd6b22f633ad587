namespace MlflowDeploy.Terraform;

/// <summary>One terraform invocation: its arguments, its deadline and where its standard output goes.</summary>
public sealed record TerraformCommand(IReadOnlyList<string> Arguments, TimeSpan Deadline)
{
    /// <summary>When set, standard output is written to this file instead of being kept in memory.</summary>
    public string? StdoutFile { get; init; }

    /// <summary>
    /// How each line of standard output is shown while it streams. Null keeps the output off the console,
    /// which matters for <c>output -json</c> and <c>show -json</c>: they hold sensitive values in clear.
    /// </summary>
    public Func<string, string?>? Echo { get; init; }

    /// <summary>Exit codes that are answers rather than failures (2 means "changes" under -detailed-exitcode).</summary>
    public IReadOnlySet<int> SuccessExitCodes { get; init; } = new HashSet<int> { 0 };

    /// <summary>
    /// How long terraform may take to stop after SIGINT (cancellation or the deadline) before it is killed: time to let
    /// in-flight operations return and the state be written. Apply and destroy get <see cref="TerraformSettings.ApplyInterruptGrace"/>.
    /// </summary>
    public TimeSpan InterruptGrace { get; init; } = TerraformSettings.DefaultInterruptGrace;

    /// <summary>The operations the command's <c>-json</c> stream reported started and not finished; null for other commands.</summary>
    public InFlightOperations? Operations { get; init; }

    /// <summary>The subcommand, past global options such as <c>-chdir=</c>.</summary>
    public string Verb => Arguments.FirstOrDefault(a => !a.StartsWith('-')) ?? "terraform";

    /// <summary>The command line as a person reads it; a destroy that keeps resources targets every other one, so targets are counted, not listed.</summary>
    public override string ToString()
    {
        var targets = Arguments.Count(a => a.StartsWith("-target=", StringComparison.Ordinal));
        var shown = Arguments.Where(a => !a.StartsWith("-target=", StringComparison.Ordinal));
        return "terraform " + string.Join(' ', targets > 0 ? shown.Append($"-target=… ({targets} resources)") : shown);
    }
}
