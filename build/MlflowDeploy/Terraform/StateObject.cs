using System.Text.RegularExpressions;
using MlflowDeploy.Environments;

namespace MlflowDeploy.Terraform;

/// <summary>
/// The S3 object that holds an environment's state, where terraform's S3 backend would find it: the emulator's state
/// bucket for an emulated environment, the bucket, key and region of <c>&lt;env&gt;.backend.hcl</c> for an account.
/// When the backend's settings send terraform elsewhere (a profile, a role, an endpoint, a workspace), only
/// terraform can say where the state is, and <see cref="TryLocate"/> says why.
/// </summary>
public sealed partial record StateObject(string Bucket, string Key, string Region)
{
    // Settings that change neither where the object is nor who reads it.
    private static readonly HashSet<string> PlainSettings = new(StringComparer.Ordinal)
    {
        "bucket", "key", "region", "encrypt", "use_lockfile", "dynamodb_table", "kms_key_id", "acl", "workspace_key_prefix", "max_retries",
    };

    public string Description => $"s3://{Bucket}/{Key}";

    /// <summary>The object, or null with <paramref name="whyNot"/> when terraform has to be asked instead.</summary>
    public static StateObject? TryLocate(DeployEnvironment environment, string region, Func<string, string?> variables, out string whyNot)
    {
        if (variables("TF_WORKSPACE") is { Length: > 0 } workspace && workspace != "default")
        {
            whyNot = $"TF_WORKSPACE={workspace} keeps the state under another key";
            return null;
        }

        if (environment.UsesEmulator)
        {
            whyNot = "";
            return new StateObject(StateBackend.EmulatedStateBucket, StateBackend.EmulatedStateKey(environment), region);
        }

        if (environment.BackendConfigFile is not { } file)
        {
            throw StateBackend.MissingBackendFile(environment);
        }

        var shown = "infra/environments/" + Path.GetFileName(file);
        var text = File.ReadAllText(file);
        var settings = TfvarsFile.Parse(text);
        var other = settings.Assignments.Select(a => a.Name).Concat(BlockNames(text)).FirstOrDefault(name => !PlainSettings.Contains(name));
        if (other is not null)
        {
            whyNot = $"{shown} sets {other}, which changes how terraform reaches the state";
            return null;
        }

        if (settings.GetString("bucket") is not { Length: > 0 } bucket || settings.GetString("key") is not { Length: > 0 } key)
        {
            whyNot = $"{shown} does not name both bucket and key";
            return null;
        }

        // As the S3 backend does: its own region, else the one the environment's AWS settings give.
        var stateRegion = new[] { settings.GetString("region"), variables("AWS_REGION"), variables("AWS_DEFAULT_REGION") }.FirstOrDefault(r => !string.IsNullOrEmpty(r));
        if (stateRegion is null)
        {
            whyNot = $"{shown} names no region";
            return null;
        }

        whyNot = "";
        return new StateObject(bucket, key, stateRegion);
    }

    private static IEnumerable<string> BlockNames(string text) =>
        Block().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=?\s*\{", RegexOptions.Multiline)]
    private static partial Regex Block();
}
