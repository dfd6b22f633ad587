using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// A run's artifacts, nested folders included. The source is read through its proxy when the run's root is
/// <c>mlflow-artifacts:</c>, otherwise through the tracking API (<c>artifacts/list</c>, <c>/get-artifact</c>), which
/// works for any root the source server can read itself. The target can only be written through its proxy.
/// Files the copy lacks, or holds with another size, are streamed across (through memory when small, a temporary
/// file otherwise), then the copy's listing is compared with the source's.
/// </summary>
internal static class ArtifactCopier
{
    private const int MaxDepth = 64;

    public static async Task CopyAsync(MigrationSession session, RunWork work, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        var source = work.Source.Info;
        IReadOnlyList<ArtifactEntry> files;
        try
        {
            files = await ListSourceAsync(session, source, cancellationToken);
        }
        catch (MlflowRequestException e)
        {
            outcome.Issue(
                MigrationIssueKind.ArtifactsNotCopied,
                $"{work.Describe()}: its artifacts ({source.ArtifactUri}) could not be listed through the source server: {e.Message}; copy them with the store's own tools");
            return;
        }

        if (files.Count == 0)
        {
            return;
        }

        // A run that would be created in a dry run has no URI yet; its experiment's location says the same.
        var targetUri = work.Target?.Info.ArtifactUri ?? work.Experiment.Target?.ArtifactLocation;
        if (targetUri is not null && !MlflowArtifactPath.IsProxied(targetUri))
        {
            session.ReportOnce(
                "target-artifacts-not-proxied",
                MigrationIssueKind.ArtifactsNotCopied,
                $"artifacts were not copied: the target keeps them at {targetUri} and does not proxy them (it runs without --serve-artifacts), so nothing can upload through it; start it with --serve-artifacts, or copy the files with the store's own tools");
            outcome.LeftOut = true;
            return;
        }

        var targetRoot = targetUri is null ? null : MlflowArtifactPath.FromArtifactUri(targetUri);
        var existing = targetRoot is null || work.Kind == RunWorkKind.New
            ? new Dictionary<string, long?>()
            : await ListTargetAsync(session, targetRoot, cancellationToken);
        var wanted = files.Where(f => !existing.TryGetValue(f.Path, out var size) || (f.Size is { } s && size is { } t && s != t)).ToList();
        session.Counters.AddBytesPlanned(wanted.Sum(f => f.Size ?? 0));
        if (session.DryRun)
        {
            wanted.ForEach(_ => session.Counters.FileCopied());
            return;
        }

        foreach (var file in wanted)
        {
            await CopyFileAsync(session, source, file, $"{targetRoot}/{file.Path}", cancellationToken);
        }

        var copied = await ListTargetAsync(session, targetRoot!, cancellationToken);
        foreach (var file in files)
        {
            if (!copied.TryGetValue(file.Path, out var size))
            {
                outcome.Difference($"{work.Describe()}: artifact '{file.Path}' is missing on the target");
            }
            else if (file.Size is { } expected && size is { } actual && expected != actual)
            {
                outcome.Difference($"{work.Describe()}: artifact '{file.Path}' has {actual} bytes on the target, {expected} on the source");
            }
        }
    }

    private sealed record ArtifactEntry(string Path, long? Size);

    private static async Task<IReadOnlyList<ArtifactEntry>> ListSourceAsync(MigrationSession session, MlflowRunInfo run, CancellationToken cancellationToken)
    {
        // A 500 here usually means the server cannot read its own store: retrying would not help.
        if (MlflowArtifactPath.IsProxied(run.ArtifactUri))
        {
            var root = MlflowArtifactPath.FromArtifactUri(run.ArtifactUri);
            return await WalkAsync(async (folder, ct) =>
                (await session.Retry.OnceAsync(c => session.Source.ListArtifactsAsync(folder is null ? root : $"{root}/{folder}", c), ct))
                    .Select(f => f with { Path = folder is null ? f.Path : $"{folder}/{f.Path}" }).ToList(), cancellationToken);
        }

        return await WalkAsync(
            async (folder, ct) => await session.Retry.OnceAsync(c => session.Source.ListRunArtifactsAsync(run.RunId, folder, c), ct),
            cancellationToken);
    }

    private static async Task<Dictionary<string, long?>> ListTargetAsync(MigrationSession session, string root, CancellationToken cancellationToken)
    {
        var files = await WalkAsync(async (folder, ct) =>
            (await session.Retry.ReplaySafeAsync(c => session.Target.ListArtifactsAsync(folder is null ? root : $"{root}/{folder}", c), ct))
                .Select(f => f with { Path = folder is null ? f.Path : $"{folder}/{f.Path}" }).ToList(), cancellationToken);
        return files.ToDictionary(f => f.Path, f => f.Size, StringComparer.Ordinal);
    }

    /// <summary>Every file under the root; <paramref name="list"/> gives a folder's children with run-relative paths.</summary>
    private static async Task<IReadOnlyList<ArtifactEntry>> WalkAsync(
        Func<string?, CancellationToken, Task<IReadOnlyList<MlflowArtifactFile>>> list, CancellationToken cancellationToken)
    {
        var files = new List<ArtifactEntry>();
        var folders = new Queue<(string? Path, int Depth)>([(null, 0)]);
        while (folders.TryDequeue(out var folder))
        {
            foreach (var entry in await list(folder.Path, cancellationToken))
            {
                var path = entry.Path.Trim('/');
                if (!entry.IsDir)
                {
                    files.Add(new ArtifactEntry(path, entry.FileSize));
                }
                else if (folder.Depth < MaxDepth && path.Length > 0 && path != folder.Path)
                {
                    folders.Enqueue((path, folder.Depth + 1));
                }
            }
        }

        return files;
    }

    private static async Task CopyFileAsync(MigrationSession session, MlflowRunInfo source, ArtifactEntry file, string targetPath, CancellationToken cancellationToken)
    {
        var options = session.Options;
        var timeout = options.ArtifactTimeout(file.Size ?? 0);
        var inMemory = file.Size is { } known && known <= options.ArtifactMemoryLimit;
        var spill = inMemory ? null : Path.Combine(options.TemporaryFolder, $"mlflow-deploy-artifact-{Guid.NewGuid():N}");
        try
        {
            long length;
            byte[]? buffer = null;
            await using (Stream download = spill is null ? new MemoryStream() : new FileStream(spill, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, useAsync: true))
            {
                length = await session.Retry.ReplaySafeAsync(
                    async ct =>
                    {
                        download.SetLength(0);
                        return MlflowArtifactPath.IsProxied(source.ArtifactUri)
                            ? await session.Source.DownloadArtifactAsync($"{MlflowArtifactPath.FromArtifactUri(source.ArtifactUri)}/{file.Path}", download, timeout, ct)
                            : await session.Source.DownloadRunArtifactAsync(source.RunId, file.Path, download, timeout, ct);
                    },
                    cancellationToken);
                buffer = (download as MemoryStream)?.ToArray();
            }

            // Each attempt gets a fresh stream: the request disposes the one it sent.
            await session.Retry.ReplaySafeAsync(
                ct => session.Target.UploadArtifactAsync(
                    targetPath,
                    buffer is not null ? new MemoryStream(buffer, writable: false) : new FileStream(spill!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true),
                    options.ArtifactTimeout(length),
                    ct),
                cancellationToken);
            session.Counters.AddBytesCopied(length);
            session.Counters.FileCopied();
        }
        finally
        {
            if (spill is not null)
            {
                File.Delete(spill);
            }
        }
    }
}
