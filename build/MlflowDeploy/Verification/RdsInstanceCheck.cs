using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>rds</c>: the backend-store database is available, encrypted at rest, not publicly accessible, and keeps
/// automated backups for at least <see cref="MinimumBackupDays"/> days. A status RDS moves out of by itself
/// (creating, modifying, backing-up, …) is pending; any other non-available status is final.
/// </summary>
public sealed class RdsInstanceCheck(RdsClient rds, DeploymentOutputs outputs) : IVerificationCheck
{
    public const string CheckName = "rds";
    public const int MinimumBackupDays = 7;

    private static readonly HashSet<string> Transitional = new(StringComparer.Ordinal)
    {
        "creating", "modifying", "backing-up", "rebooting", "starting", "upgrading", "renaming",
        "resetting-master-credentials", "maintenance", "configuring-enhanced-monitoring", "configuring-iam-database-auth",
        "configuring-log-exports", "converting-to-vpc", "moving-to-vpc",
    };

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        RdsDbInstance? db;
        try
        {
            db = await rds.DescribeDbInstanceAsync(outputs.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        if (db is null)
        {
            return Probe.Fail($"DB instance '{outputs.DbInstanceIdentifier}' does not exist in {outputs.Region}: run Apply, or restore it from its final snapshot");
        }

        if (Transitional.Contains(db.Status))
        {
            return Probe.Pending($"DB instance is {db.Status}");
        }

        // storage-optimization follows a storage change and serves traffic normally.
        if (db.Status is not "available" and not "storage-optimization")
        {
            return Probe.Fail($"DB instance is {db.Status}, not available");
        }

        var problems = new List<string>();
        if (!db.StorageEncrypted)
            problems.Add("storage is not encrypted (storage_encrypted = true needs a replacement from a snapshot)");
        if (db.PubliclyAccessible)
            problems.Add("it is publicly accessible (set publicly_accessible = false)");
        if (db.BackupRetentionPeriod < MinimumBackupDays)
            problems.Add($"backups are kept {db.BackupRetentionPeriod} day(s), fewer than {MinimumBackupDays} (raise backup_retention_period)");
        if (problems.Count > 0)
        {
            return Probe.Fail($"DB instance is available but {string.Join("; ", problems)}");
        }

        return Probe.Pass($"{db.Engine} {db.EngineVersion} available, encrypted, private, backups {db.BackupRetentionPeriod} days");
    }
}
