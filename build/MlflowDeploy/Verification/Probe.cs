namespace MlflowDeploy.Verification;

/// <summary>
/// The answer of one look at the deployment. A pending probe is not final: the runner looks again, with
/// backoff, until the deadline. Any other probe ends its check at once, so a final failure (rollout FAILED,
/// a 401 with no credentials to offer, a contract error) never waits out the deadline.
/// </summary>
public sealed record Probe(bool IsPending, CheckStatus Status, string Detail, IReadOnlyList<string> Diagnosis)
{
    public static Probe Pending(string reason) => new(true, CheckStatus.Fail, reason, []);

    public static Probe Pass(string detail) => new(false, CheckStatus.Pass, detail, []);

    public static Probe Warn(string detail, params IReadOnlyList<string> diagnosis) => new(false, CheckStatus.Warn, detail, diagnosis);

    public static Probe Fail(string detail, params IReadOnlyList<string> diagnosis) => new(false, CheckStatus.Fail, detail, diagnosis);

    public static Probe Skip(string reason) => new(false, CheckStatus.Skip, reason, []);
}
