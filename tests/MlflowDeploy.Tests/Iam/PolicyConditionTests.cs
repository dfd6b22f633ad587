using MlflowDeploy.Iam;

namespace MlflowDeploy.Tests.Iam;

public sealed class PolicyConditionTests
{
    private static RequestContext Context(string action, params (string Key, string[] Values)[] values) =>
        new(action, values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Values));

    private static ConditionState Evaluate(string op, string key, string[] expected, RequestContext context) =>
        new PolicyCondition(op, key, expected).Evaluate(context).State;

    [Theory]
    [InlineData("StringEquals", "eu-west-2", ConditionState.Holds)]
    [InlineData("StringEquals", "EU-WEST-2", ConditionState.Fails)]
    [InlineData("StringEqualsIgnoreCase", "EU-WEST-2", ConditionState.Holds)]
    [InlineData("StringNotEquals", "eu-west-2", ConditionState.Fails)]
    [InlineData("StringLike", "eu-*", ConditionState.Holds)]
    [InlineData("StringNotLike", "us-*", ConditionState.Holds)]
    public void String_operators_compare_as_IAM_does(string op, string expected, ConditionState state) =>
        Assert.Equal(state, Evaluate(op, "aws:RequestedRegion", [expected], Context("ec2:CreateVpc", ("aws:RequestedRegion", ["eu-west-2"]))));

    [Fact]
    public void A_missing_recorded_key_fails_positive_operators_and_passes_negated_IfExists_and_ForAllValues()
    {
        var empty = Context("iam:PassRole");

        Assert.Equal(ConditionState.Fails, Evaluate("StringEquals", "iam:PassedToService", ["ecs-tasks.amazonaws.com"], empty));
        Assert.Equal(ConditionState.Holds, Evaluate("StringNotEquals", "iam:PassedToService", ["ecs-tasks.amazonaws.com"], empty));
        Assert.Equal(ConditionState.Holds, Evaluate("StringEqualsIfExists", "iam:PassedToService", ["ecs-tasks.amazonaws.com"], empty));
        Assert.Equal(ConditionState.Holds, Evaluate("ForAllValues:StringEquals", "aws:TagKeys", ["Name"], empty));
        Assert.Equal(ConditionState.Fails, Evaluate("ForAnyValue:StringEquals", "aws:TagKeys", ["Name"], empty));
        Assert.Equal(ConditionState.Holds, Evaluate("Null", "aws:RequestTag/Stack", ["true"], empty));
    }

    [Fact]
    public void Set_qualifiers_look_at_every_value_of_a_multivalued_key()
    {
        var tagged = Context("ec2:CreateVpc", ("aws:TagKeys", ["Name", "Stack"]));

        Assert.Equal(ConditionState.Holds, Evaluate("ForAllValues:StringEquals", "aws:TagKeys", ["Name", "Stack", "Project"], tagged));
        Assert.Equal(ConditionState.Fails, Evaluate("ForAllValues:StringEquals", "aws:TagKeys", ["Name"], tagged));
        Assert.Equal(ConditionState.Holds, Evaluate("ForAnyValue:StringEquals", "aws:TagKeys", ["Stack"], tagged));
    }

    [Fact]
    public void A_key_the_recorder_does_not_derive_is_undecided_and_named()
    {
        var outcome = new PolicyCondition("StringEquals", "aws:ResourceTag/Stack", ["mlflow-prod"]).Evaluate(Context("rds:DeleteDBInstance"));

        Assert.Equal(ConditionState.Undetermined, outcome.State);
        Assert.Contains("aws:ResourceTag/Stack", outcome.Reason);
        // EC2 resource tags are read by the recorder, so their absence is known.
        Assert.Equal(ConditionState.Fails, Evaluate("StringEquals", "aws:ResourceTag/Stack", ["mlflow-prod"], Context("ec2:DeleteVpc")));
        // So are an existing scalable target's (a target being created has none); a Describe names no target.
        Assert.Equal(ConditionState.Fails, Evaluate("StringEquals", "aws:ResourceTag/Stack", ["mlflow-prod"], Context("application-autoscaling:RegisterScalableTarget")));
        Assert.Equal(ConditionState.Holds, Evaluate("StringEquals", "aws:ResourceTag/Stack", ["mlflow-prod"],
            Context("application-autoscaling:RegisterScalableTarget", ("aws:ResourceTag/Stack", ["mlflow-prod"]))));
        Assert.Equal(ConditionState.Undetermined, Evaluate("StringEquals", "aws:ResourceTag/Stack", ["mlflow-prod"], Context("application-autoscaling:DescribeScalableTargets")));
    }

    [Fact]
    public void Arn_bool_and_numeric_operators_and_unknown_operators()
    {
        var context = Context("iam:AttachRolePolicy",
            ("iam:PolicyARN", ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]),
            ("aws:SecureTransport", ["true"]),
            ("s3:max-keys", ["10"]));

        Assert.Equal(ConditionState.Holds, Evaluate("ArnEquals", "iam:PolicyARN", ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"], context));
        Assert.Equal(ConditionState.Fails, Evaluate("ArnLike", "iam:PolicyARN", ["arn:aws:iam::aws:policy/AdministratorAccess"], context));
        Assert.Equal(ConditionState.Fails, Evaluate("Bool", "aws:SecureTransport", ["false"], context));
        Assert.Equal(ConditionState.Holds, Evaluate("NumericLessThanEquals", "s3:max-keys", ["10"], context));
        Assert.Equal(ConditionState.Undetermined, Evaluate("IpAddress", "aws:SecureTransport", ["10.0.0.0/8"], context));
    }

    [Fact]
    public void Documents_parse_single_statements_scalar_values_and_reject_bad_effects()
    {
        var document = PolicyDocument.Parse("p", """{"Statement":{"Effect":"Deny","NotAction":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}}""");

        var statement = Assert.Single(document.Statements);
        Assert.True(statement.ActionsNegated);
        Assert.Equal("false", Assert.Single(statement.Conditions).Values[0]);
        Assert.Throws<InvalidDataException>(() => PolicyDocument.Parse("bad", """{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}"""));
    }
}
