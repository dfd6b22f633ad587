using MlflowDeploy.Iam;

namespace MlflowDeploy.Tests.Iam;

public sealed class PolicyEvaluatorTests
{
    private const string Role = "arn:aws:iam::123456789012:role/mlflow-prod-github-deploy";
    private const string Service = "arn:aws:ecs:eu-west-2:123456789012:service/mlflow-prod/mlflow-prod";

    private static RolePolicies Policies(string identity, string? boundary = null) =>
        new(Role, [PolicyDocument.Parse("inline policy deploy", identity)], boundary is null ? null : PolicyDocument.Parse("boundary", boundary));

    private static RecordedCall Call(string action, string resource, ResourceScope scope = ResourceScope.Arn, Dictionary<string, string>? context = null) =>
        Call(action, [resource], scope, context);

    private static RecordedCall Call(string action, IReadOnlyList<string> resources, ResourceScope scope = ResourceScope.Arn, Dictionary<string, string>? context = null)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["aws:RequestedRegion"] = ["eu-west-2"],
            ["aws:PrincipalArn"] = [Role],
        };
        foreach (var (key, value) in context ?? [])
        {
            values[key] = [value];
        }

        return new RecordedCall(Role, Role + "/session", action, resources, scope, "eu-west-2", values, null);
    }

    [Fact]
    public void An_allow_scoped_to_the_resource_allows_it_and_names_the_statement()
    {
        var policies = Policies("""{"Statement":[{"Sid":"Svc","Effect":"Allow","Action":"ecs:*","Resource":"arn:aws:ecs:eu-west-2:123456789012:service/mlflow-prod/*"}]}""");

        var decision = PolicyEvaluator.Evaluate(policies, Call("ecs:CreateService", Service));

        Assert.Equal(AccessVerdict.Allowed, decision.Verdict);
        Assert.Contains("Svc", decision.Reason);
    }

    [Fact]
    public void The_same_allow_does_not_reach_another_stacks_resource()
    {
        var policies = Policies("""{"Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"arn:aws:ecs:eu-west-2:123456789012:service/mlflow-prod/*"}]}""");

        var decision = PolicyEvaluator.Evaluate(policies, Call("ecs:CreateService", "arn:aws:ecs:eu-west-2:123456789012:service/mlflow-staging/x"));

        Assert.Equal(AccessVerdict.ImplicitDeny, decision.Verdict);
        Assert.Equal("arn:aws:ecs:eu-west-2:123456789012:service/mlflow-staging/x", decision.Resource);
    }

    [Fact]
    public void An_explicit_deny_wins_over_any_allow()
    {
        var policies = Policies("""
            {"Statement":[
              {"Effect":"Allow","Action":"rds:*","Resource":"*"},
              {"Sid":"KeepSnapshots","Effect":"Deny","Action":["rds:DeleteDBSnapshot","rds:DeleteDBClusterSnapshot"],"Resource":"*"}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policies, Call("rds:DeleteDBSnapshot", "arn:aws:rds:eu-west-2:123456789012:snapshot:mlflow-prod-db-final-1"));

        Assert.Equal(AccessVerdict.ExplicitDeny, decision.Verdict);
        Assert.Contains("KeepSnapshots", decision.Reason);
    }

    [Fact]
    public void A_permissions_boundary_must_also_allow_and_its_deny_is_named()
    {
        const string identity = """{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        var bounded = Policies(identity, """{"Statement":[{"Effect":"Allow","Action":["ecs:*","logs:*"],"Resource":"*"}]}""");

        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(bounded, Call("ecs:CreateService", Service)).Verdict);
        var denied = PolicyEvaluator.Evaluate(bounded, Call("iam:CreateRole", "arn:aws:iam::123456789012:role/x"));
        Assert.Equal(AccessVerdict.BoundaryDeny, denied.Verdict);
        Assert.Contains("permissions boundary", denied.Reason);
    }

    [Fact]
    public void Wildcards_in_actions_are_case_insensitive_and_question_marks_match_one_character()
    {
        var policies = Policies("""{"Statement":[{"Effect":"Allow","Action":"EC2:describe*","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::state/env-?/tf"}]}""");

        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(policies, Call("ec2:DescribeVpcs", "*", ResourceScope.Any)).Verdict);
        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(policies, Call("s3:GetObject", "arn:aws:s3:::state/env-a/tf")).Verdict);
        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, Call("s3:GetObject", "arn:aws:s3:::state/env-ab/tf")).Verdict);
    }

    [Fact]
    public void NotAction_and_NotResource_exclude_what_they_name()
    {
        var policies = Policies("""
            {"Statement":[
              {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
              {"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::mlflow-prod-artifacts-*","arn:aws:s3:::mlflow-prod-artifacts-*/*"]}]}
            """);

        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, Call("iam:PassRole", "arn:aws:iam::123456789012:role/x")).Verdict);
        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(policies, Call("s3:PutObject", "arn:aws:s3:::mlflow-prod-artifacts-1/run/a")).Verdict);
        Assert.Equal(AccessVerdict.ExplicitDeny, PolicyEvaluator.Evaluate(policies, Call("s3:PutObject", "arn:aws:s3:::other-bucket/a")).Verdict);
    }

    [Fact]
    public void A_resource_scoped_statement_does_not_grant_an_action_AWS_checks_against_star()
    {
        // EC2 Describe* is authorised against "*": a statement scoped to the VPC's ARN does not cover it.
        var policies = Policies("""{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"arn:aws:ec2:eu-west-2:123456789012:vpc/*"}]}""");

        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, Call("ec2:DescribeVpcs", "*", ResourceScope.Any)).Verdict);
    }

    [Fact]
    public void Every_resource_of_a_call_must_be_allowed()
    {
        var policies = Policies("""{"Statement":[{"Effect":"Allow","Action":"rds:*","Resource":["arn:aws:rds:eu-west-2:123456789012:db:mlflow-prod-db","arn:aws:rds:eu-west-2:123456789012:pg:mlflow-prod-*"]}]}""");
        string[] resources =
        [
            "arn:aws:rds:eu-west-2:123456789012:db:mlflow-prod-db",
            "arn:aws:rds:eu-west-2:123456789012:pg:mlflow-prod-pg",
            "arn:aws:rds:eu-west-2:123456789012:og:default:postgres-15",
        ];

        var decision = PolicyEvaluator.Evaluate(policies, Call("rds:CreateDBInstance", resources));

        Assert.Equal((AccessVerdict.ImplicitDeny, "arn:aws:rds:eu-west-2:123456789012:og:default:postgres-15"), (decision.Verdict, decision.Resource));
    }

    [Fact]
    public void Conditions_on_recorded_keys_are_decided_and_on_unrecorded_keys_are_named_as_undecided()
    {
        var policies = Policies("""
            {"Statement":[
              {"Effect":"Allow","Action":"ec2:CreateVpc","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-2"}}},
              {"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}},
              {"Effect":"Allow","Action":"ecs:RunTask","Resource":"*","Condition":{"ArnEquals":{"ecs:cluster":"arn:aws:ecs:eu-west-2:123456789012:cluster/mlflow-prod"}}}]}
            """);

        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(policies, Call("ec2:CreateVpc", "arn:aws:ec2:eu-west-2:123456789012:vpc/*")).Verdict);
        var otherRegion = Call("ec2:CreateVpc", "arn:aws:ec2:us-east-1:123456789012:vpc/*", context: new() { ["aws:RequestedRegion"] = "us-east-1" });
        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, otherRegion).Verdict);

        var toLambda = Call("iam:PassRole", "arn:aws:iam::123456789012:role/x", context: new() { ["iam:PassedToService"] = "lambda.amazonaws.com" });
        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, toLambda).Verdict);
        // Missing from the record but a key the recorder always writes when the request has it: absent, so not allowed.
        Assert.Equal(AccessVerdict.ImplicitDeny, PolicyEvaluator.Evaluate(policies, Call("iam:PassRole", "arn:aws:iam::123456789012:role/x")).Verdict);

        var undecided = PolicyEvaluator.Evaluate(policies, Call("ecs:RunTask", "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:1"));
        Assert.Equal(AccessVerdict.Undetermined, undecided.Verdict);
        Assert.Contains("ecs:cluster", undecided.Reason);
    }

    [Fact]
    public void A_call_whose_resource_was_not_derived_is_decided_at_action_level_and_said_so()
    {
        var policies = Policies("""{"Statement":[{"Effect":"Allow","Action":"application-autoscaling:*","Resource":"arn:aws:application-autoscaling:eu-west-2:123456789012:scalable-target/*"}]}""");

        var decision = PolicyEvaluator.Evaluate(policies, Call("application-autoscaling:PutScalingPolicy", "*", ResourceScope.Unknown));
        var missing = PolicyEvaluator.Evaluate(policies, Call("ecs:CreateService", "*", ResourceScope.Unknown));

        Assert.Equal(AccessVerdict.AllowedAtActionLevel, decision.Verdict);
        Assert.Contains("action level only", decision.Reason);
        Assert.Equal(AccessVerdict.ImplicitDeny, missing.Verdict);
    }

    [Fact]
    public void GetCallerIdentity_is_allowed_whatever_the_policies_say()
    {
        var denyAll = Policies("""{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""");

        Assert.Equal(AccessVerdict.Allowed, PolicyEvaluator.Evaluate(denyAll, Call("sts:GetCallerIdentity", "*", ResourceScope.Any)).Verdict);
    }
}
