using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.InitTask;
using MlflowDeploy.Tests.Aws;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>The first values of the basic-auth secrets, written once, against a real moto_server.</summary>
public sealed class AuthSecretSeederTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<Dictionary<string, string>> EmptySecretsAsync(string prefix)
    {
        var arns = new Dictionary<string, string>();
        foreach (var purpose in new[] { "admin", "verifier", "flask_secret_key" })
        {
            arns[purpose] = (await moto.AwsCliAsync("secretsmanager", "create-secret", "--name", $"{prefix}-{purpose}")).GetProperty("ARN").GetString()!;
        }

        return arns;
    }

    private async Task<string> ValueAsync(string arn) => (await moto.Clients.SecretsManager.GetSecretValueAsync(arn, None)).SecretString;

    private static Func<int, string> Sentinel(string tag) => length => $"{tag}-Sentinel-{length}";

    [Fact]
    public async Task Empty_secrets_get_their_first_values_under_the_shared_token_and_a_second_run_keeps_them()
    {
        var arns = await EmptySecretsAsync("seed-once");
        var log = new List<string>();

        await AuthSecretSeeder.SeedAsync(moto.Clients.SecretsManager, arns, log.Add, None, Sentinel("First"));
        var first = new Dictionary<string, string>();
        foreach (var (purpose, arn) in arns)
            first[purpose] = await ValueAsync(arn);
        await AuthSecretSeeder.SeedAsync(moto.Clients.SecretsManager, arns, log.Add, None, Sentinel("Second"));

        using (var admin = JsonDocument.Parse(first["admin"]))
        {
            Assert.Equal(("admin", "First-Sentinel-40"), (admin.RootElement.GetProperty("username").GetString(), admin.RootElement.GetProperty("password").GetString()));
        }

        using (var verifier = JsonDocument.Parse(first["verifier"]))
        {
            Assert.Equal(("mlflow-verify", "First-Sentinel-40"), (verifier.RootElement.GetProperty("username").GetString(), verifier.RootElement.GetProperty("password").GetString()));
        }

        Assert.Equal("First-Sentinel-64", first["flask_secret_key"]);
        foreach (var (purpose, arn) in arns)
        {
            Assert.Equal(first[purpose], await ValueAsync(arn));
            var described = await moto.Clients.SecretsManager.DescribeSecretAsync(arn, None);
            Assert.Equal(["AWSCURRENT"], described!.VersionStages[AuthSecretSeeder.ClientRequestToken]);
        }

        Assert.Equal(
            [
                "admin secret seed-once-admin: first value generated and written",
                "flask_secret_key secret seed-once-flask_secret_key: first value generated and written",
                "verifier secret seed-once-verifier: first value generated and written",
                "admin secret seed-once-admin: has a value, kept",
                "flask_secret_key secret seed-once-flask_secret_key: has a value, kept",
                "verifier secret seed-once-verifier: has a value, kept",
            ],
            log);
        Assert.DoesNotContain(log, line => line.Contains("Sentinel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_an_operator_put_is_never_overwritten()
    {
        var arns = await EmptySecretsAsync("seed-kept");
        await moto.AwsCliAsync("secretsmanager", "put-secret-value", "--secret-id", arns["admin"], "--secret-string", """{"username":"root","password":"Operator-Chosen-1"}""");

        await AuthSecretSeeder.SeedAsync(moto.Clients.SecretsManager, arns, _ => { }, None, Sentinel("Seeder"));

        Assert.Equal("""{"username":"root","password":"Operator-Chosen-1"}""", await ValueAsync(arns["admin"]));
        Assert.Equal("Seeder-Sentinel-64", await ValueAsync(arns["flask_secret_key"]));
    }

    [Fact]
    public async Task Two_runs_racing_on_the_same_empty_secrets_both_succeed_and_leave_one_value_each()
    {
        var arns = await EmptySecretsAsync("seed-race");

        await Task.WhenAll(
            AuthSecretSeeder.SeedAsync(moto.Clients.SecretsManager, arns, _ => { }, None, Sentinel("RunA")),
            AuthSecretSeeder.SeedAsync(moto.Clients.SecretsManager, arns, _ => { }, None, Sentinel("RunB")));

        foreach (var arn in arns.Values)
        {
            var described = await moto.Clients.SecretsManager.DescribeSecretAsync(arn, None);
            Assert.Equal([AuthSecretSeeder.ClientRequestToken], described!.VersionStages.Keys);
            var value = await ValueAsync(arn);
            Assert.True(value.Contains("RunA", StringComparison.Ordinal) ^ value.Contains("RunB", StringComparison.Ordinal), value);
        }
    }

    [Fact]
    public async Task A_missing_secret_or_an_unknown_purpose_is_one_line()
    {
        var missing = await Assert.ThrowsAsync<ActionableError>(() => AuthSecretSeeder.SeedAsync(
            moto.Clients.SecretsManager, new Dictionary<string, string> { ["admin"] = "seed-never-created" }, _ => { }, None));
        var unknown = await Assert.ThrowsAsync<ActionableError>(() => AuthSecretSeeder.SeedAsync(
            moto.Clients.SecretsManager, new Dictionary<string, string> { ["root"] = "x" }, _ => { }, None));

        Assert.Equal("the admin secret seed-never-created does not exist — apply the stack that creates it (infra/secrets.tf) first", missing.Message);
        Assert.Equal("unknown auth secret purpose 'root' in MLFLOW_INIT_AUTH_SECRETS — infra/secrets.tf and the deploy library disagree; update both together", unknown.Message);
    }
}

/// <summary>The lost race, answered in Secrets Manager's format: the other run's value stays.</summary>
public sealed class AuthSecretSeederRaceTests
{
    private const string Arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:mlflow-prod-admin-AbCdEf";

    private static string Described(bool current) => current
        ? $$$"""{"ARN":"{{{Arn}}}","Name":"mlflow-prod-admin","VersionIdsToStages":{"{{{AuthSecretSeeder.ClientRequestToken}}}":["AWSCURRENT"]}}"""
        : $$"""{"ARN":"{{Arn}}","Name":"mlflow-prod-admin"}""";

    [Fact]
    public async Task A_put_refused_because_another_run_wrote_first_is_kept_not_retried()
    {
        using var aws = new StubbedAws();
        aws.Sequence(StubbedAws.JsonCall("secretsmanager.DescribeSecret"), [StubbedAws.Json(200, Described(false))], StubbedAws.Json(200, Described(true)));
        aws.Server.Given(StubbedAws.JsonCall("secretsmanager.PutSecretValue")).RespondWith(StubbedAws.Json(400,
            $$"""{"__type":"ResourceExistsException","message":"You can't use ClientRequestToken {{AuthSecretSeeder.ClientRequestToken}} because that value is already in use for a version of secret {{Arn}}."}"""));
        var log = new List<string>();

        await AuthSecretSeeder.SeedAsync(aws.Clients.SecretsManager, new Dictionary<string, string> { ["admin"] = Arn }, log.Add, CancellationToken.None);

        Assert.Equal(["admin secret mlflow-prod-admin: written by a concurrent run, kept"], log);
        var put = aws.Server.LogEntries.Single(e => e.RequestMessage.Headers!["X-Amz-Target"].Contains("secretsmanager.PutSecretValue"));
        using var body = JsonDocument.Parse(put.RequestMessage.Body!);
        Assert.Equal(AuthSecretSeeder.ClientRequestToken, body.RootElement.GetProperty("ClientRequestToken").GetString());
        Assert.Equal(Arn, body.RootElement.GetProperty("SecretId").GetString());
    }

    [Fact]
    public async Task A_refused_put_that_still_leaves_no_current_value_is_one_line_with_the_fix()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall("secretsmanager.DescribeSecret")).RespondWith(StubbedAws.Json(200, Described(false)));
        aws.Server.Given(StubbedAws.JsonCall("secretsmanager.PutSecretValue")).RespondWith(StubbedAws.Json(400, """{"__type":"ResourceExistsException","message":"in use"}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() => AuthSecretSeeder.SeedAsync(
            aws.Clients.SecretsManager, new Dictionary<string, string> { ["admin"] = Arn }, _ => { }, CancellationToken.None));

        Assert.Equal(
            $"the admin secret mlflow-prod-admin has a version {AuthSecretSeeder.ClientRequestToken} but none is AWSCURRENT — put a value by hand (aws secretsmanager put-secret-value) and re-run",
            error.Message);
    }
}
