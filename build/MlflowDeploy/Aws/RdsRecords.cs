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
