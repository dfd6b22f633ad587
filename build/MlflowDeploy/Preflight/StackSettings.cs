using System.Text.Json;

namespace MlflowDeploy.Preflight;

/// <summary>The environment's settings as terraform evaluated them (tfvars over defaults), from the rendered plan.</summary>
public sealed record StackSettings
{
    public required string Name { get; init; }
    public required string Region { get; init; }

    /// <summary>The stack's <c>environment</c> variable (its name in tags; "production" turns on production's rules).</summary>
    public string Environment { get; init; } = "";

    /// <summary>The load balancer serves HTTPS (a certificate is set or requested).</summary>
    public bool HttpsEnabled { get; init; }

    /// <summary>The tfvars state plain HTTP as a choice.</summary>
    public bool AllowPlainHttp { get; init; }
    public string? ExpectedAccountId { get; init; }
    public string? CertificateArn { get; init; }
    public bool CreateArtifactBucket { get; init; } = true;
    public string? ArtifactBucketName { get; init; }
    public required string DbEngineMajorVersion { get; init; }

    /// <summary>Empty means "the newest minor of the major version that the region offers".</summary>
    public string DbEngineVersion { get; init; } = "";

    public required string DbInstanceClass { get; init; }
    public bool DbMultiAz { get; init; }
    public int GunicornWorkers { get; init; }
    public int TaskMemory { get; init; }

    public static StackSettings FromJson(JsonElement settings) => new()
    {
        Name = Text(settings, "name") ?? "",
        Region = Text(settings, "region") ?? "",
        Environment = Text(settings, "environment") ?? "",
        HttpsEnabled = settings.TryGetProperty("https_enabled", out var https) && https.ValueKind == JsonValueKind.True,
        AllowPlainHttp = settings.TryGetProperty("allow_plain_http", out var plain) && plain.ValueKind == JsonValueKind.True,
        ExpectedAccountId = Text(settings, "expected_account_id"),
        CertificateArn = Text(settings, "certificate_arn"),
        CreateArtifactBucket = settings.GetProperty("create_artifact_bucket").GetBoolean(),
        ArtifactBucketName = Text(settings, "artifact_bucket_name"),
        DbEngineMajorVersion = Text(settings, "db_engine_major_version") ?? "",
        DbEngineVersion = Text(settings, "db_engine_version") ?? "",
        DbInstanceClass = Text(settings, "db_instance_class") ?? "",
        DbMultiAz = settings.TryGetProperty("db_multi_az", out var multiAz) && multiAz.ValueKind == JsonValueKind.True,
        GunicornWorkers = settings.GetProperty("gunicorn_workers").GetInt32(),
        TaskMemory = settings.GetProperty("task_memory").GetInt32(),
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
