using System.Diagnostics;

namespace MlflowDeploy.Review;

/// <summary>The commit a plan was made from: GITHUB_SHA in Actions, else <c>git rev-parse HEAD</c>, else unknown.</summary>
public static class SourceRevision
{
    private static readonly TimeSpan GitDeadline = TimeSpan.FromSeconds(10);

    public static async Task<string?> ResolveAsync(string? workingDirectory, CancellationToken ct, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var sha = environment("GITHUB_SHA");
        if (!string.IsNullOrWhiteSpace(sha))
        {
            return sha.Trim();
        }
        return await ReadGitHeadAsync(workingDirectory ?? Directory.GetCurrentDirectory(), ct).ConfigureAwait(false);
    }

    /// <summary>A missing git, a folder outside a repository or a slow git all mean "unknown", not a failure.</summary>
    private static async Task<string?> ReadGitHeadAsync(string workingDirectory, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(GitDeadline);
        Process? git = null;
        try
        {
            git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }
            var stdout = git.StandardOutput.ReadToEndAsync(deadline.Token);
            _ = git.StandardError.ReadToEndAsync(deadline.Token);
            await git.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var head = (await stdout.ConfigureAwait(false)).Trim();
            return git.ExitCode == 0 && head.Length >= 7 ? head : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException
                                   || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
        finally
        {
            if (git is { HasExited: false })
            {
                git.Kill(entireProcessTree: true);
            }
            git?.Dispose();
        }
    }
}
