namespace MlflowDeploy.Preflight;

/// <summary>The outcome of one preflight check: for a failure, <see cref="Detail"/> names the problem and the fix.</summary>
public sealed record PreflightResult(string Name, CheckStatus Status, string Detail, int ExitCode = 1)
{
    public const string NotCheckableAgainstEmulator = "not checkable against the emulator";

    public static PreflightResult Pass(string name, string detail) => new(name, CheckStatus.Pass, detail);

    public static PreflightResult Fail(string name, string detail, int exitCode = 1) => new(name, CheckStatus.Fail, detail, exitCode);

    public static PreflightResult Skip(string name, string reason) => new(name, CheckStatus.Skip, reason);

    /// <summary>A user-fixable error met while checking is the check's failure, with that error's exit code.</summary>
    public static PreflightResult From(string name, ActionableError error) =>
        // "terraform fmt: terraform fmt: …" would say the name twice.
        Fail(name, error.Message.StartsWith(name + ": ", StringComparison.Ordinal) ? error.Message[(name.Length + 2)..] : error.Message, error.ExitCode);

    public string Line => Status == CheckStatus.Skip
        ? $"{CheckStatusText.Mark(Status)} {Name}: skipped: {Detail}"
        : $"{CheckStatusText.Mark(Status)} {Name}: {Detail}";
}
