using System.Text;

namespace MlflowDeploy.Iam;

/// <summary>
/// Reads the emulator's call record (JSON lines) from a byte offset, so that a rehearsal can check each stage's calls
/// after the stage: read, check, keep <see cref="Slice.NextOffset"/> for the next stage. A line still being written
/// (no newline yet) is left for the next read.
/// </summary>
public static class RecordedCallLog
{
    public sealed record Slice(IReadOnlyList<RecordedCall> Calls, long NextOffset);

    public static async Task<Slice> ReadFromAsync(string path, long offset, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new Slice([], offset);
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var text = Encoding.UTF8.GetString(bytes, 0, complete);
        var calls = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(RecordedCall.Parse).ToList();
        return new Slice(calls, offset + complete);
    }
}
