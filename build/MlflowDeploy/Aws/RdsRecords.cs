namespace MlflowDeploy.Aws;

public sealed record RdsDbInstance(
    string Identifier,
    string Status,
    string Engine,
    string EngineVersion,
    string? InstanceClass,
    bool StorageEncrypted,
    bool PubliclyAccessible,
    int BackupRetentionPeriod,
    bool MultiAz,
    bool DeletionProtection,
    string? EndpointAddress,
    int? EndpointPort);

public sealed record RdsEngineVersion(string Engine, string EngineVersion, string? Status);

public sealed record RdsOrderableInstanceOption(string Engine, string EngineVersion, string InstanceClass, string? StorageType, bool MultiAzCapable);

/// <summary>A DB snapshot: <see cref="Status"/> is <c>creating</c> until it is <c>available</c> (or <c>failed</c>).</summary>
public sealed record RdsDbSnapshot(
    string Identifier, string InstanceIdentifier, string Status, string? SnapshotType, int? PercentProgress, DateTimeOffset? CreatedAt)
{
    public bool IsAvailable => Status == "available";
}
