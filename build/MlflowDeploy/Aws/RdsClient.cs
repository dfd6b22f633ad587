using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>The RDS calls the pipeline makes (Query protocol, version 2014-10-31).</summary>
public sealed class RdsClient
{
    private readonly AwsQueryClient _query;

    internal RdsClient(AwsQueryClient query) => _query = query;

    public const string Version = "2014-10-31";
    public static readonly XNamespace Namespace = "http://rds.amazonaws.com/doc/2014-10-31/";

    // Orderable options for one engine version span a few pages of 100; 20 bounds a runaway listing.
    private const int MaxPages = 20;

    /// <summary>The instance, or null when RDS answers <c>DBInstanceNotFound</c>.</summary>
    public async Task<RdsDbInstance?> DescribeDbInstanceAsync(string identifier, CancellationToken cancellationToken)
    {
        XElement result;
        try
        {
            result = await _query.CallAsync("DescribeDBInstances", [new("DBInstanceIdentifier", identifier)], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "DBInstanceNotFound" or "DBInstanceNotFoundFault")
        {
            return null;
        }
        var ns = Namespace;
        return result.Members(ns, "DBInstances").Select(db => new RdsDbInstance(
            db.Str(ns, "DBInstanceIdentifier") ?? "",
            db.Str(ns, "DBInstanceStatus") ?? "",
            db.Str(ns, "Engine") ?? "",
            db.Str(ns, "EngineVersion") ?? "",
            db.Str(ns, "DBInstanceClass"),
            db.Bool(ns, "StorageEncrypted"),
            db.Bool(ns, "PubliclyAccessible"),
            db.Int(ns, "BackupRetentionPeriod") ?? 0,
            db.Bool(ns, "MultiAZ"),
            db.Bool(ns, "DeletionProtection"),
            db.Element(ns + "Endpoint")?.Str(ns, "Address"),
            db.Element(ns + "Endpoint")?.Int(ns, "Port"))).FirstOrDefault();
    }

    /// <summary>Versions of <paramref name="engine"/>; with <paramref name="engineVersion"/> ("15" or "15.8") only matching ones.</summary>
    public async Task<IReadOnlyList<RdsEngineVersion>> DescribeDbEngineVersionsAsync(string engine, string? engineVersion, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Engine", engine) };
        if (engineVersion is not null)
            parameters.Add(new("EngineVersion", engineVersion));
        var ns = Namespace;
        return await PagedAsync("DescribeDBEngineVersions", parameters, "DBEngineVersions", v => new RdsEngineVersion(
            v.Str(ns, "Engine") ?? "", v.Str(ns, "EngineVersion") ?? "", v.Str(ns, "Status")), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RdsOrderableInstanceOption>> DescribeOrderableDbInstanceOptionsAsync(
        string engine, string? engineVersion, string? instanceClass, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Engine", engine) };
        if (engineVersion is not null)
            parameters.Add(new("EngineVersion", engineVersion));
        if (instanceClass is not null)
            parameters.Add(new("DBInstanceClass", instanceClass));
        var ns = Namespace;
        return await PagedAsync("DescribeOrderableDBInstanceOptions", parameters, "OrderableDBInstanceOptions", o => new RdsOrderableInstanceOption(
            o.Str(ns, "Engine") ?? "", o.Str(ns, "EngineVersion") ?? "", o.Str(ns, "DBInstanceClass") ?? "",
            o.Str(ns, "StorageType"), o.Bool(ns, "MultiAZCapable")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a manual snapshot of an instance; RDS answers at once with the snapshot <c>creating</c>.</summary>
    public async Task<RdsDbSnapshot> CreateDbSnapshotAsync(string instanceIdentifier, string snapshotIdentifier, CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("CreateDBSnapshot",
            [new("DBInstanceIdentifier", instanceIdentifier), new("DBSnapshotIdentifier", snapshotIdentifier)], cancellationToken).ConfigureAwait(false);
        return ReadSnapshot(result.Element(Namespace + "DBSnapshot")
            ?? throw new InvalidDataException($"RDS CreateDBSnapshot answered without a DBSnapshot for {snapshotIdentifier}"));
    }

    /// <summary>One snapshot by identifier, or null when RDS answers <c>DBSnapshotNotFound</c>.</summary>
    public async Task<RdsDbSnapshot?> DescribeDbSnapshotAsync(string snapshotIdentifier, CancellationToken cancellationToken)
    {
        XElement result;
        try
        {
            result = await _query.CallAsync("DescribeDBSnapshots", [new("DBSnapshotIdentifier", snapshotIdentifier)], cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "DBSnapshotNotFound" or "DBSnapshotNotFoundFault")
        {
            return null;
        }

        return result.Members(Namespace, "DBSnapshots").Select(ReadSnapshot).FirstOrDefault();
    }

    /// <summary>The manual snapshots of an instance, following the marker.</summary>
    public Task<IReadOnlyList<RdsDbSnapshot>> DescribeDbSnapshotsAsync(string instanceIdentifier, CancellationToken cancellationToken) =>
        PagedAsync("DescribeDBSnapshots", [new("DBInstanceIdentifier", instanceIdentifier), new("SnapshotType", "manual")], "DBSnapshots", ReadSnapshot, cancellationToken);

    private static RdsDbSnapshot ReadSnapshot(XElement snapshot)
    {
        var ns = Namespace;
        return new RdsDbSnapshot(
            snapshot.Str(ns, "DBSnapshotIdentifier") ?? "",
            snapshot.Str(ns, "DBInstanceIdentifier") ?? "",
            snapshot.Str(ns, "Status") ?? "",
            snapshot.Str(ns, "SnapshotType"),
            snapshot.Int(ns, "PercentProgress"),
            DateTimeOffset.TryParse(snapshot.Str(ns, "SnapshotCreateTime"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : null);
    }

    private async Task<IReadOnlyList<T>> PagedAsync<T>(
        string action, List<KeyValuePair<string, string>> parameters, string listName, Func<XElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? marker = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var pageParameters = marker is null ? parameters : [.. parameters, new("Marker", marker)];
            var result = await _query.CallAsync(action, pageParameters, cancellationToken).ConfigureAwait(false);
            items.AddRange(result.Members(Namespace, listName).Select(read));
            marker = result.Str(Namespace, "Marker");
            if (string.IsNullOrEmpty(marker))
                break;
        }
        return items;
    }
}
