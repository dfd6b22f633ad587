using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Tests.Migration;

/// <summary>A source and a target MLflow double, and the options that migrate from one to the other.</summary>
public sealed class MigrationDoubles : IAsyncDisposable
{
    private MigrationDoubles(MlflowDoubleServer source, MlflowDoubleServer target)
    {
        Source = source;
        Target = target;
        Seed = new MlflowDoubleSeeder(source.Store);
        TargetSeed = new MlflowDoubleSeeder(target.Store);
    }

    public MlflowDoubleServer Source { get; }

    public MlflowDoubleServer Target { get; }

    public MlflowDoubleSeeder Seed { get; }

    public MlflowDoubleSeeder TargetSeed { get; }

    public static async Task<MigrationDoubles> StartAsync(bool sourceServesArtifacts = true, bool targetServesArtifacts = true) =>
        new(await MlflowDoubleServer.StartAsync(serveArtifacts: sourceServesArtifacts), await MlflowDoubleServer.StartAsync(serveArtifacts: targetServesArtifacts));

    /// <summary>Short retry waits: the doubles answer at once, and the tests assert counts, not times.</summary>
    public MigrationOptions Options(bool dryRun = false, int concurrency = 4, MlflowCredentials? targetCredentials = null) => new()
    {
        Source = new MlflowClientOptions { BaseUrl = Source.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(30) },
        Target = new MlflowClientOptions { BaseUrl = Target.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(30), Credentials = targetCredentials ?? MlflowCredentials.None },
        DryRun = dryRun,
        Concurrency = concurrency,
        Retry = new MigrationRetryPolicy { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
    };

    public Task<MigrationReport> MigrateAsync(MigrationOptions? options = null, CancellationToken cancellationToken = default, IProgress<MigrationProgress>? progress = null) =>
        ExperimentMigration.RunAsync(options ?? Options(), progress, cancellationToken);

    /// <summary>The target's copy of a source run, by the id tag it carries.</summary>
    public MlflowDoubleStore.RunRecord CopyOf(string sourceRunId) =>
        Assert.Single(Target.Store.Runs, r => r.Tags.GetValueOrDefault(MigrationTags.SourceRunId) == sourceRunId);

    /// <summary>Requests that write on the target (every POST but the searches, every PUT).</summary>
    public int TargetWrites() => Target.Requests.Count(r =>
        (r.StartsWith("POST ", StringComparison.Ordinal) && !r.EndsWith("/search", StringComparison.Ordinal)) || r.StartsWith("PUT ", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
