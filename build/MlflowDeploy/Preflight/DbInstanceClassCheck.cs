using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

/// <summary>The instance class must be orderable for postgres at that version in the region, or RDS refuses the create.</summary>
public static class DbInstanceClassCheck
{
    public const string Name = "RDS instance class";

    // Enough to choose from without flooding the line.
    private const int Listed = 12;

    public static async Task<PreflightResult> RunAsync(AccountContext context, string? version, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (context.Options.AgainstEmulator)
        {
            // moto 5.2.1 answers DescribeOrderableDBInstanceOptions with an empty list for postgres.
            return PreflightResult.Skip(Name, PreflightResult.NotCheckableAgainstEmulator + " (it lists no orderable postgres options)");
        }

        if (version is null)
        {
            return PreflightResult.Skip(Name, "no engine version to check it against (see the engine version above)");
        }

        var rds = context.Clients.Rds;
        var matching = await rds.DescribeOrderableDbInstanceOptionsAsync("postgres", version, settings.DbInstanceClass, cancellationToken).ConfigureAwait(false);
        if (matching.Count > 0 && settings.DbMultiAz && !matching.Any(o => o.MultiAzCapable))
        {
            return PreflightResult.Fail(Name,
                $"{settings.DbInstanceClass} is orderable for postgres {version} in {settings.Region}, but not as Multi-AZ — choose a Multi-AZ capable db_instance_class or set db_multi_az = false in {context.VarFileShown}");
        }

        if (matching.Count > 0)
        {
            return PreflightResult.Pass(Name, $"{settings.DbInstanceClass} is orderable for postgres {version} in {settings.Region}{(settings.DbMultiAz ? ", Multi-AZ" : "")}");
        }

        var all = await rds.DescribeOrderableDbInstanceOptionsAsync("postgres", version, null, cancellationToken).ConfigureAwait(false);
        var classes = all.Select(o => o.InstanceClass).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var list = classes.Count == 0 ? "none" : string.Join(", ", classes.Take(Listed)) + (classes.Count > Listed ? $" and {classes.Count - Listed} more" : "");
        return PreflightResult.Fail(Name,
            $"{settings.DbInstanceClass} is not orderable for postgres {version} in {settings.Region}; orderable: {list} — set db_instance_class in {context.VarFileShown}");
    }
}
