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

    /// <summary>The subcommand, past global options such as <c>-chdir=</c>.</summary>
    public string Verb => Arguments.FirstOrDefault(a => !a.StartsWith('-')) ?? "terraform";

    public override string ToString() => "terraform " + string.Join(' ', Arguments);
}
