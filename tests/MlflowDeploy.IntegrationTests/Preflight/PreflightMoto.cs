using System.Text.Json;
using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// A real moto_server and a scratch checkout, shared by one test class; Validate runs against them exactly as the
/// pipeline runs it for the local environment (credentials and endpoint from the process environment).
/// </summary>
public sealed class PreflightMoto : MotoServer
{
    public PreflightRepository Repository { get; } = new();

    public override async Task DisposeAsync()
    {
        Repository.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>The process environment the pipeline sets for the emulator, plus <paramref name="extra"/>.</summary>
    public EnvironmentOverride AwsEnvironment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
            ["AWS_REGION"] = Region,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        return EnvironmentOverride.WithoutAwsCredentials(values);
    }

    /// <summary>Runs Validate; returns the log and the one-line error (null when it passed).</summary>
    public async Task<(List<string> Log, ActionableError? Error)> ValidateAsync(DeployEnvironment environment, bool againstEmulator = true)
    {
        var log = new List<string>();
        var terraform = PreflightRepository.Workspace(environment, log);
        try
        {
            await EnvironmentPreflight.RunAsync(terraform, new PreflightOptions { AgainstEmulator = againstEmulator }, line =>
            {
                lock (log) log.Add(line);
            }, CancellationToken.None);
            return (log, null);
        }
        catch (ActionableError error)
        {
            return (log, error);
        }
    }

    /// <summary>
    /// Every resource kind the stack would create, listed in one boto3 process: what exists beyond moto's default
    /// VPC and the buckets a test made itself.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResourcesAsync()
    {
        const string script = """
            import boto3, json, sys
            kw = dict(endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id="testing", aws_secret_access_key="testing")
            found = []
            found += ["vpc " + v["VpcId"] for v in boto3.client("ec2", **kw).describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
            found += ["bucket " + b["Name"] for b in boto3.client("s3", **kw).list_buckets()["Buckets"]]
            found += ["db " + d["DBInstanceIdentifier"] for d in boto3.client("rds", **kw).describe_db_instances()["DBInstances"]]
            found += ["cluster " + c for c in boto3.client("ecs", **kw).list_clusters()["clusterArns"]]
            found += ["secret " + s["Name"] for s in boto3.client("secretsmanager", **kw).list_secrets()["SecretList"]]
            found += ["alb " + l["LoadBalancerName"] for l in boto3.client("elbv2", **kw).describe_load_balancers()["LoadBalancers"]]
            found += ["log group " + g["logGroupName"] for g in boto3.client("logs", **kw).describe_log_groups()["logGroups"]]
            found += ["role " + r["RoleName"] for r in boto3.client("iam", **kw).list_roles()["Roles"] if not r["Path"].startswith("/aws-service-role/")]
            print(json.dumps(found))
            """;
        var result = await ExternalProcess.RunAsync("python3", ["-c", script, Endpoint.ToString(), Region], CommandDeadline.Helper,
            environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = null, ["AWS_PROFILE"] = null });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"listing moto's resources failed: {result.StandardError}");
        }

        return JsonSerializer.Deserialize<List<string>>(result.StandardOutput)!;
    }
}
