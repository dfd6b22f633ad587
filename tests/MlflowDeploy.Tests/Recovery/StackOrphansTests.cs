using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Recovery;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Recovery;

/// <summary>What counts as an orphan, where it belongs in the configuration, and when it would make the next apply fail; read against the repository's own infra/.</summary>
public sealed class StackOrphansTests
{
    private const string Account = "arn:aws:logs:eu-west-2:123456789012";
    private static readonly ConfiguredResources Configuration = ConfiguredResources.Read(Path.Combine(RepositoryRoot.Path, "infra"));

    private static TaggedResource Tagged(string arn, string? name = null) =>
        new(arn, new Dictionary<string, string> { ["Project"] = "mlflow-deploy", ["Environment"] = "local", ["Stack"] = "mlflow", ["Name"] = name ?? "" });

    private static StateInstance InState(string address, params (string Key, string Value)[] attributes)
    {
        var type = address.Split('.')[0];
        var name = address.Split('.')[1].Split('[')[0];
        return new StateInstance(address, type, name, null, JsonSerializer.SerializeToElement(attributes.ToDictionary(a => a.Key, a => a.Value)));
    }

    [Fact]
    public void A_log_group_the_state_does_not_hold_is_an_orphan_at_its_block_with_the_name_as_import_id_and_blocks_the_apply()
    {
        var report = StackOrphans.Find([Tagged($"{Account}:log-group:/ecs/mlflow:*")], [], Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.Equal("aws_cloudwatch_log_group", orphan.Target!.Type);
        Assert.Equal("/ecs/mlflow", orphan.Target.ImportId);
        Assert.Equal(new OrphanAddress("aws_cloudwatch_log_group.mlflow", Exact: true), orphan.Address);
        Assert.True(orphan.BlocksApply);
        Assert.Equal(
            "TF_DATA_DIR=x terraform -chdir=infra import -var-file=environments/local.tfvars 'aws_cloudwatch_log_group.mlflow' '/ecs/mlflow'",
            orphan.ImportCommand("TF_DATA_DIR=x ", "environments/local.tfvars"));
    }

    [Fact]
    public void Validate_fails_in_one_line_naming_only_the_orphans_that_block_the_apply_and_prints_a_valid_import_block()
    {
        var report = StackOrphans.Find(
            [Tagged($"{Account}:log-group:/ecs/mlflow:*"), Tagged("arn:aws:rds:eu-west-2:123456789012:pg:mlflow-pg15-20261130")], [], Configuration);

        var error = Assert.Throws<ActionableError>(() => MlflowDeploy.Stages.OrphanListing.ThrowIfApplyWouldFail(report));

        Assert.StartsWith("1 resource(s) tagged as this stack's exist outside its state", error.Message);
        Assert.Contains("aws_cloudwatch_log_group.mlflow (/ecs/mlflow)", error.Message);
        Assert.DoesNotContain("aws_db_parameter_group", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("import {\n  to = aws_cloudwatch_log_group.mlflow\n  id = \"/ecs/mlflow\"\n}", report.Orphans[0].ImportBlock);
        MlflowDeploy.Stages.OrphanListing.ThrowIfApplyWouldFail(StackOrphans.Find([report.Orphans[1] is var pg ? Tagged(pg.Arn) : null!], [], Configuration));
    }

    [Fact]
    public void A_resource_the_state_holds_by_arn_or_by_id_is_not_an_orphan()
    {
        var bucketArn = "arn:aws:s3:::mlflow-local-artifacts";
        var vpcArn = "arn:aws:ec2:eu-west-2:123456789012:vpc/vpc-0abc";
        var state = new[]
        {
            InState("aws_s3_bucket.artifacts[0]", ("arn", bucketArn), ("id", "mlflow-local-artifacts")),
            InState("aws_vpc.main", ("id", "vpc-0abc")),
        };

        var report = StackOrphans.Find([Tagged(bucketArn), Tagged(vpcArn)], state, Configuration);

        Assert.Empty(report.Orphans);
        Assert.Equal(2, report.InState);
    }

    [Fact]
    public void A_database_instance_outside_the_state_is_an_orphan_even_when_its_subnet_group_in_the_state_has_the_same_name()
    {
        // What a database create cut short leaves on the emulator: the instance (and its automated snapshot) tagged,
        // the subnet group "<name>-db" in the state under the instance's own identifier.
        var state = new[]
        {
            InState("aws_db_subnet_group.mlflow", ("arn", "arn:aws:rds:eu-west-2:123456789012:subgrp:mlflow-local-db"), ("id", "mlflow-local-db")),
            InState("aws_db_parameter_group.mlflow", ("arn", "arn:aws:rds:eu-west-2:123456789012:pg:mlflow-local-pg15-1"), ("id", "mlflow-local-pg15-1")),
        };

        var report = StackOrphans.Find(
            [
                Tagged("arn:aws:rds:eu-west-2:123456789012:db:mlflow-local-db", "mlflow-local-db"),
                Tagged("arn:aws:rds:eu-west-2:123456789012:snapshot:rds:mlflow-local-db-2026-12-01-00-38", "mlflow-local-db"),
                Tagged("arn:aws:rds:eu-west-2:123456789012:subgrp:mlflow-local-db", "mlflow-local-db"),
            ],
            state, Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.Equal(new ImportTarget("aws_db_instance", "mlflow-local-db"), orphan.Target);
        Assert.Equal(new OrphanAddress("aws_db_instance.mlflow", Exact: true), orphan.Address);
        Assert.True(orphan.BlocksApply);
        Assert.Equal(1, report.InState);
        Assert.Equal(["a DB snapshot (kept on purpose: final and manual snapshots outlive the stack)"], report.NotManaged);
    }

    [Fact]
    public void A_database_instance_whose_create_was_cut_short_is_in_the_state_by_its_identifier_though_it_has_no_arn()
    {
        // What terraform writes when SIGINT cancels the provider's wait: the instance tainted, its id the resource ID.
        var state = new[] { InState("aws_db_instance.mlflow", ("id", "db-ABCDEFGHIJKLMNOP"), ("identifier", "mlflow-local-db")) with { Status = "tainted" } };

        var report = StackOrphans.Find([Tagged("arn:aws:rds:eu-west-2:123456789012:db:mlflow-local-db", "mlflow-local-db")], state, Configuration);

        Assert.Empty(report.Orphans);
        Assert.Equal(1, report.InState);
    }

    [Fact]
    public void An_ecs_service_whose_state_holds_its_arn_only_as_its_id_is_not_an_orphan()
    {
        var arn = "arn:aws:ecs:eu-west-2:123456789012:service/mlflow-local/mlflow-local";
        var state = new[] { InState("aws_ecs_service.mlflow", ("id", arn), ("name", "mlflow-local")) };

        var report = StackOrphans.Find([Tagged(arn)], state, Configuration);

        Assert.Empty(report.Orphans);
        Assert.Equal(1, report.InState);
    }

    [Fact]
    public void An_id_in_the_state_counts_only_for_a_resource_of_the_same_type()
    {
        // A bucket and a log group may share a name; only the bucket is in the state.
        var state = new[] { InState("aws_s3_bucket.artifacts[0]", ("id", "mlflow")) };

        var report = StackOrphans.Find([Tagged("arn:aws:s3:::mlflow"), Tagged($"{Account}:log-group:mlflow")], state, Configuration);

        Assert.Equal("aws_cloudwatch_log_group", Assert.Single(report.Orphans).Target!.Type);
        Assert.Equal(1, report.InState);
    }

    [Theory]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:db:mlflow-db", "aws_db_instance", "mlflow-db")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:subgrp:mlflow-db", "aws_db_subnet_group", "mlflow-db")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:pg:mlflow-pg15-1", "aws_db_parameter_group", "mlflow-pg15-1")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:og:mlflow-og", "aws_db_option_group", "mlflow-og")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:cluster:mlflow", "aws_rds_cluster", "mlflow")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:cluster-pg:mlflow-cpg", "aws_rds_cluster_parameter_group", "mlflow-cpg")]
    public void Each_rds_arn_kind_maps_to_its_own_resource_type_and_import_id(string arn, string type, string importId)
    {
        Assert.Equal(new ImportTarget(type, importId), ImportTarget.For(arn, out var notManaged));
        Assert.Null(notManaged);
    }

    [Theory]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:snapshot:mlflow-db-final-20261130")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:snapshot:rds:mlflow-db-2026-12-01-00-38")]
    [InlineData("arn:aws:rds:eu-west-2:123456789012:cluster-snapshot:mlflow-1")]
    public void Rds_snapshots_manual_automated_or_cluster_are_never_offered_for_import(string arn)
    {
        Assert.Null(ImportTarget.For(arn, out var notManaged));
        Assert.StartsWith("a DB snapshot", notManaged);
    }

    [Fact]
    public void What_AWS_makes_on_the_stacks_behalf_is_counted_apart_and_never_offered_for_import()
    {
        var report = StackOrphans.Find(
            [
                Tagged("arn:aws:rds:eu-west-2:123456789012:snapshot:mlflow-db-final-20261130"),
                Tagged("arn:aws:secretsmanager:eu-west-2:123456789012:secret:rds!db-1234-abcdef"),
                Tagged("arn:aws:ecs:eu-west-2:123456789012:task/mlflow/0123456789abcdef"),
            ],
            [], Configuration);

        Assert.Empty(report.Orphans);
        Assert.Equal(3, report.NotManaged.Count);
    }

    [Fact]
    public void An_earlier_revision_of_the_stacks_task_definition_is_not_an_orphan_but_another_family_is()
    {
        var state = new[] { InState("aws_ecs_task_definition.mlflow", ("arn", "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow:3"), ("family", "mlflow")) };

        var report = StackOrphans.Find(
            [Tagged("arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow:2"), Tagged("arn:aws:ecs:eu-west-2:123456789012:task-definition/other:1")],
            state, Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.EndsWith("other:1", orphan.Arn, StringComparison.Ordinal);
        Assert.False(orphan.BlocksApply);
    }

    [Fact]
    public void A_missing_instance_of_a_counted_block_is_placed_at_the_one_hole_in_the_state()
    {
        var state = new[]
        {
            InState("aws_subnet.private[0]", ("id", "subnet-a")),
            InState("aws_subnet.private[2]", ("id", "subnet-c")),
            InState("aws_subnet.public[0]", ("id", "subnet-d")),
            InState("aws_subnet.public[1]", ("id", "subnet-e")),
            InState("aws_subnet.public[2]", ("id", "subnet-f")),
        };

        var report = StackOrphans.Find([Tagged("arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-b", "mlflow-private-b")], state, Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.Equal(new OrphanAddress("aws_subnet.private[1]", Exact: true), orphan.Address);
        Assert.False(orphan.BlocksApply);
    }

    [Fact]
    public void A_resource_named_from_a_prefix_never_blocks_the_apply()
    {
        Assert.Contains(Configuration.OfType("aws_db_parameter_group"), b => b.NamePrefixed);

        var report = StackOrphans.Find([Tagged("arn:aws:rds:eu-west-2:123456789012:pg:mlflow-pg15-20261130")], [], Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.Equal("aws_db_parameter_group", orphan.Target!.Type);
        Assert.False(orphan.BlocksApply);
    }

    [Fact]
    public void A_type_with_no_import_mapping_is_listed_without_a_command()
    {
        var report = StackOrphans.Find([Tagged("arn:aws:kinesis:eu-west-2:123456789012:stream/mlflow")], [], Configuration);

        var orphan = Assert.Single(report.Orphans);
        Assert.Null(orphan.Target);
        Assert.Null(orphan.ImportCommand("", "environments/local.tfvars"));
    }

    [Fact]
    public void Blocks_are_read_with_their_repetition_and_whether_they_name_themselves_from_a_prefix()
    {
        var blocks = ConfiguredResources.Parse(
            "resource \"aws_s3_bucket\" \"logs\" {\n  count = var.on ? 1 : 0\n\n  bucket_prefix = \"x-\"\n}\n"
            + "resource \"aws_cloudwatch_log_group\" \"rds\" {\n  for_each = toset([\"a\"])\n  name = \"/x/${each.key}\"\n  tags = {\n    count = 2\n  }\n}\n").ToList();

        Assert.Equal(
            [
                new ConfiguredResource("aws_s3_bucket", "logs", ResourceRepeat.Count, AtMostOne: true, NamePrefixed: true),
                new ConfiguredResource("aws_cloudwatch_log_group", "rds", ResourceRepeat.ForEach, AtMostOne: false, NamePrefixed: false),
            ],
            blocks);
    }
}
