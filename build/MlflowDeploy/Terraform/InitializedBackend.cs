using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// The backend terraform was initialised with, as terraform itself recorded it in the data folder
/// (<c>TF_DATA_DIR/terraform.tfstate</c>, and <c>TF_DATA_DIR/environment</c> for the workspace): where the state
/// object is and, with <c>use_lockfile</c>, where its lock object is. Read after init, so it is exactly what terraform
/// uses, whichever way the settings were given.
/// </summary>
public sealed record InitializedBackend(string Type, string? Bucket, string? Key, string? Region, string? WorkspaceKeyPrefix, bool UseLockfile, string? DynamoDbTable, string Workspace)
{
    public const string DefaultWorkspace = "default";

    /// <summary>The state object's key: the configured key in the default workspace, <c>&lt;prefix&gt;/&lt;workspace&gt;/&lt;key&gt;</c> in another (as the S3 backend does).</summary>
    public string? StateKey => Key is null ? null : Workspace == DefaultWorkspace ? Key : $"{WorkspaceKeyPrefix ?? "env:"}/{Workspace}/{Key}";

    /// <summary>The S3 lock object (<c>&lt;state key&gt;.tflock</c>) when the backend locks with a lock file; null otherwise.</summary>
    public string? LockKey => Type == "s3" && UseLockfile && StateKey is { } key ? key + ".tflock" : null;

    public string Describe() => Bucket is null ? Type : $"s3://{Bucket}/{StateKey}";

    /// <summary>The recorded backend, or null when the folder was never initialised with one.</summary>
    public static InitializedBackend? Read(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "terraform.tfstate");
        if (!File.Exists(file))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        if (!document.RootElement.TryGetProperty("backend", out var backend) || backend.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var config = backend.TryGetProperty("config", out var c) ? c : default;
        string? Text(string name) =>
            config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var workspaceFile = Path.Combine(dataDirectory, "environment");
        var workspace = File.Exists(workspaceFile) ? File.ReadAllText(workspaceFile).Trim() : DefaultWorkspace;
        return new InitializedBackend(
            backend.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
            Text("bucket"),
            Text("key"),
            Text("region"),
            Text("workspace_key_prefix"),
            config.ValueKind == JsonValueKind.Object && config.TryGetProperty("use_lockfile", out var lockfile) && lockfile.ValueKind == JsonValueKind.True,
            Text("dynamodb_table"),
            workspace.Length > 0 ? workspace : DefaultWorkspace);
    }
}
