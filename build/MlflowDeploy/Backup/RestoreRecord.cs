using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowDeploy.Backup;

/// <summary>
/// restore.json: what Restore planned — the snapshot, the instance it replaces, and the experiment count the
/// snapshot recorded. Verify reads it after the apply and checks the restored server still lists that many.
/// A later Plan deletes it with the plan it belonged to.
/// </summary>
public sealed record RestoreRecord
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public required string Snapshot { get; init; }
    public required string DbInstance { get; init; }
    public DateTimeOffset? SnapshotCreated { get; init; }

    /// <summary>Active experiments when the snapshot was taken; null when Snapshot could not ask MLflow.</summary>
    public int? ExperimentCount { get; init; }

    public required DateTimeOffset PlannedUtc { get; init; }

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record, or null when there is none (no restore planned); an unreadable one is one line.</summary>
    public static async Task<RestoreRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<RestoreRecord>(file, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new ActionableError($"{Path.GetFileName(path)} is unreadable ({e.Message}) — run Restore again, or delete it to verify without the restore check", exitCode: 2, inner: e);
        }
    }
}
