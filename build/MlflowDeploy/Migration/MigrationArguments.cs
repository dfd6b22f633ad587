using System.Globalization;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Migrate's command line as raw text, turned into <see cref="MigrationOptions"/> with one clear line per
/// malformed value. Credentials never come from the command line (it shows in process lists): the source reads
/// <c>MLFLOW_FROM_TRACKING_USERNAME/PASSWORD/TOKEN</c>; the target reads <c>MLFLOW_TO_TRACKING_*</c>, or else the
/// <c>MLFLOW_TRACKING_*</c> variables the MLflow client itself uses, so the target's are never sent to the source.
/// </summary>
public static class MigrationArguments
{
    public const string SourcePrefix = "MLFLOW_FROM_TRACKING_";
    public const string TargetPrefix = "MLFLOW_TO_TRACKING_";
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    private const string FromExample = "the MLflow server to copy from, e.g. --from=http://localhost:5000";
    private const string ToExample = "the MLflow server to copy to, e.g. --to=https://mlflow.example.com";

    /// <summary>Checks <c>--from</c> alone, so that a stage can refuse it before it looks up the default <c>--to</c>.</summary>
    public static Uri SourceUrl(string? from) => Url("--from", from, FromExample);

    /// <param name="deployedTarget">The environment's MLflow, used when <paramref name="to"/> is not given.</param>
    public static MigrationOptions Parse(
        string? from,
        string? to,
        bool dryRun = false,
        string? concurrency = null,
        IReadOnlyList<string>? experiments = null,
        bool recheck = false,
        string? requestTimeout = null,
        Func<string, string?>? environment = null,
        Uri? deployedTarget = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var source = SourceUrl(from);
        var target = string.IsNullOrWhiteSpace(to) && deployedTarget is not null ? deployedTarget : Url("--to", to, ToExample);

        var parallel = MigrationOptions.DefaultConcurrency;
        if (concurrency is { Length: > 0 }
            && (!int.TryParse(concurrency, NumberStyles.Integer, CultureInfo.InvariantCulture, out parallel) || parallel < 1 || parallel > MigrationOptions.MaxConcurrency))
        {
            throw new ActionableError($"--concurrency='{concurrency}' is not a number of runs from 1 to {MigrationOptions.MaxConcurrency}: pass e.g. --concurrency=8", exitCode: 2);
        }

        var timeout = DefaultRequestTimeout;
        if (requestTimeout is { Length: > 0 } && !DurationArgument.TryParse(requestTimeout, out timeout))
        {
            throw new ActionableError($"--request-timeout='{requestTimeout}' is not a duration: use seconds or a unit, e.g. --request-timeout=30s", exitCode: 2);
        }

        var names = (experiments ?? []).SelectMany(e => e.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        return new MigrationOptions
        {
            Source = new MlflowClientOptions { BaseUrl = source, RequestTimeout = timeout, Credentials = Credentials(environment, SourcePrefix, fallback: false) },
            Target = new MlflowClientOptions { BaseUrl = target, RequestTimeout = timeout, Credentials = Credentials(environment, TargetPrefix, fallback: true) },
            DryRun = dryRun,
            Concurrency = parallel,
            ExperimentNames = names,
            Recheck = recheck,
        };
    }

    /// <summary>A side's variables when any of them is set; the target otherwise falls back to the plain MLFLOW_TRACKING_* ones.</summary>
    private static MlflowCredentials Credentials(Func<string, string?> environment, string prefix, bool fallback)
    {
        var ownSet = new[] { "USERNAME", "PASSWORD", "TOKEN" }.Any(n => !string.IsNullOrEmpty(environment(prefix + n)));
        return ownSet ? MlflowCredentials.FromEnvironment(environment, prefix)
            : fallback ? MlflowCredentials.FromEnvironment(environment)
            : MlflowCredentials.None;
    }

    private static Uri Url(string option, string? text, string example)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ActionableError($"{option} is missing: pass {example}", exitCode: 2);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ActionableError($"{option}='{text}' is not an http(s) URL: pass {example}", exitCode: 2);
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ActionableError($"{option} carries credentials in the URL: remove them and set {(option == "--from" ? SourcePrefix : TargetPrefix)}USERNAME/PASSWORD (or TOKEN) instead", exitCode: 2);
        }

        return url;
    }
}
