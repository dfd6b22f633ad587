using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The PostgreSQL version must be one RDS offers in the region (the reference deployment pinned 15.4 and met
/// <c>InvalidParameterCombination: Cannot find version 15.4 for postgres</c> minutes into its apply).
/// </summary>
public static class DbEngineVersionCheck
{
    public const string Name = "RDS engine version";

    /// <summary>The result, and the version the stack will ask for when it is offered.</summary>
    public static async Task<(PreflightResult Result, string? Version)> RunAsync(AccountContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (context.Options.AgainstEmulator)
        {
            // moto 5.2.1 has no DescribeDBEngineVersions.
            return (PreflightResult.Skip(Name, PreflightResult.NotCheckableAgainstEmulator + " (it has no DescribeDBEngineVersions)"), null);
        }

        var major = settings.DbEngineMajorVersion;
        var listed = await context.Clients.Rds.DescribeDbEngineVersionsAsync("postgres", major, cancellationToken).ConfigureAwait(false);
        var offered = listed
            .Where(v => v.EngineVersion.StartsWith(major + ".", StringComparison.Ordinal) && (v.Status is null or "available"))
            .Select(v => v.EngineVersion)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(v => v, VersionOrder.Instance)
            .ToList();
        var version = settings.DbEngineVersion.Length == 0 ? offered.LastOrDefault()
            : offered.Contains(settings.DbEngineVersion) ? settings.DbEngineVersion
            : null;
        return (Judge(settings, offered), version);
    }

    internal static PreflightResult Judge(StackSettings settings, IReadOnlyList<string> offered)
    {
        var major = settings.DbEngineMajorVersion;
        var pinned = settings.DbEngineVersion;
        if (offered.Count == 0)
        {
            return PreflightResult.Fail(Name,
                $"RDS offers no postgres {major}.x in {settings.Region} — set db_engine_major_version to a major version the region offers (`aws rds describe-db-engine-versions --engine postgres --region {settings.Region}`)");
        }

        if (pinned.Length == 0)
        {
            return PreflightResult.Pass(Name, $"postgres {offered[^1]} (newest {major}.x offered in {settings.Region}; db_engine_version is empty)");
        }

        if (!offered.Contains(pinned))
        {
            return PreflightResult.Fail(Name,
                $"postgres {pinned} is not offered in {settings.Region}; offered {major}.x: {string.Join(", ", offered)} — set db_engine_version or leave it empty to take the newest {major}.x");
        }

        return PreflightResult.Pass(Name, $"postgres {pinned} is offered in {settings.Region}");
    }
}
