using MlflowDeploy.Tests.Pipeline;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Recovery;

/// <summary>
/// A resource that carries the stack's tags but is in no state (what a killed apply leaves between AWS's answer and
/// terraform's state write), made with the awscli in a real moto: Validate lists it with its import command and fails,
/// because the next apply would create the same name again; the printed import block plans the adoption of exactly that
/// resource, and with the orphan gone Validate passes. A NAT gateway deleted but still listed is no orphan.
/// </summary>
public sealed class OrphanListingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Validate_lists_an_orphaned_log_group_and_fails_and_its_printed_import_block_plans_the_adoption()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            await ValidateListsAndImportAdoptsAsync(moto);
        }
        finally
        {
            await moto.DisposeAsync();
        }
    }

    private async Task ValidateListsAndImportAdoptsAsync(MotoServer moto)
    {
        using var repository = new RepositoryCopy();
        using var environment = new TemporaryEnvironment("local-orphan", new Dictionary<string, string>(), repository.Path);
        var tfvars = File.ReadAllText(environment.VarFile);
        var stack = Value(tfvars, "name");
        var logGroup = $"/ecs/{stack}";
        await moto.AwsCliAsync(
            "logs", "create-log-group", "--log-group-name", logGroup,
            "--tags", $"Project=mlflow-deploy,Environment={Value(tfvars, "environment")},Stack={stack},ManagedBy=terraform");
        // A NAT gateway an interrupted destroy had already deleted: EC2 and the tagging API keep listing it, deleted, for
        // about an hour, but there is nothing left to import.
        var tags = $"{{Key=Project,Value=mlflow-deploy}},{{Key=Environment,Value={Value(tfvars, "environment")}}},{{Key=Stack,Value={stack}}},{{Key=ManagedBy,Value=terraform}}";
        var vpc = (await moto.AwsCliAsync("ec2", "create-vpc", "--cidr-block", "10.9.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        var subnet = (await moto.AwsCliAsync("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.9.0.0/24")).GetProperty("Subnet").GetProperty("SubnetId").GetString()!;
        var address = (await moto.AwsCliAsync("ec2", "allocate-address", "--domain", "vpc")).GetProperty("AllocationId").GetString()!;
        var nat = (await moto.AwsCliAsync("ec2", "create-nat-gateway", "--subnet-id", subnet, "--allocation-id", address,
            "--tag-specifications", $"ResourceType=natgateway,Tags=[{tags}]")).GetProperty("NatGateway").GetProperty("NatGatewayId").GetString()!;
        await moto.AwsCliAsync("ec2", "delete-nat-gateway", "--nat-gateway-id", nat);
        var variables = new Dictionary<string, string?> { ["MLFLOW_DEPLOY_EMULATOR_URL"] = moto.Endpoint.ToString() };

        var first = await BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(8), variables, "--target=Validate", "--environment=local-orphan");

        output.WriteLine(first.All);
        Assert.NotEqual(0, first.ExitCode);
        Assert.Contains($":log-group:{logGroup}", first.Output);
        Assert.DoesNotContain(nat, first.Output);
        Assert.Contains("1 made by AWS on the stack's behalf and not terraform's (deleted resources", first.Output);
        var import = first.Output.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(" terraform -chdir=infra import ", StringComparison.Ordinal));
        Assert.EndsWith($"'aws_cloudwatch_log_group.mlflow' '{logGroup}'", import);
        Assert.Contains($"aws_cloudwatch_log_group.mlflow ({logGroup})", first.All);
        Assert.Contains("adopt each as listed above (the terraform import command, or the import block through Plan and Apply)", first.All);
        Assert.DoesNotContain("   at ", first.All);

        // The CLI import is exact but, on a state this empty, terraform cannot evaluate the configuration's counts; the
        // import block the listing also prints is planned against any state: it must name the resource terraform finds.
        var lines = first.Output.Split('\n').Select(l => l.Trim()).ToList();
        var block = lines.SkipWhile(l => l != "import {").Take(4).ToList();
        Assert.Equal(["import {", "to = aws_cloudwatch_log_group.mlflow", $"id = \"{logGroup}\"", "}"], block);
        File.WriteAllLines(Path.Combine(repository.Path, "infra", "imports.tf"), block);
        var prefix = import[..import.IndexOf(" terraform ", StringComparison.Ordinal)];
        var plan = await ExternalProcess.RunAsync(
            "bash", ["-c", $"{prefix} terraform -chdir=infra plan -input=false -lock=false -no-color -var-file=environments/local-orphan.tfvars"],
            TimeSpan.FromMinutes(5), repository.Path, new Dictionary<string, string?>());
        output.WriteLine(plan.StandardOutput + plan.StandardError);
        Assert.True(plan.ExitCode == 0, plan.StandardOutput + plan.StandardError);
        Assert.Contains("aws_cloudwatch_log_group.mlflow: Preparing import... [id=" + logGroup + "]", plan.StandardOutput);
        Assert.Matches(@"Plan: 1 to import, \d+ to add", plan.StandardOutput);
        File.Delete(Path.Combine(repository.Path, "infra", "imports.tf"));

        // With the orphan gone, the same check passes.
        await moto.AwsCliAsync("logs", "delete-log-group", "--log-group-name", logGroup);
        var second = await BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(8), variables, "--target=Validate", "--environment=local-orphan");

        output.WriteLine(second.All);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("✔ none: 0 in the state", second.Output);
    }

    private static string Value(string tfvars, string key) =>
        tfvars.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == key).Select(p => p[1].Trim().Trim('"')).First();
}
