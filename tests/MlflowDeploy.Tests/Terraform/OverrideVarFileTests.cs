using System.Text.Json;
using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class OverrideVarFileTests
{
    private static DeclaredVariable Variable(string name, string? type) => new(name, "variables.tf:1", type, false, false);

    [Fact]
    public void Primitive_and_untyped_values_are_quoted_literals_and_complex_ones_hcl_as_given()
    {
        using var file = OverrideVarFile.FromArguments(
        [
            (new VarOverride("desired_count", "4"), Variable("desired_count", "number")),
            (new VarOverride("mlflow_hostname", "mlflow.example.com"), Variable("mlflow_hostname", "string")),
            (new VarOverride("note", "x"), Variable("note", null)),
            (new VarOverride("alb_ingress_cidrs", "[\"10.0.0.0/8\"]"), Variable("alb_ingress_cidrs", "list(string)")),
        ]);

        Assert.Equal(
            "desired_count = \"4\"\nmlflow_hostname = \"mlflow.example.com\"\nnote = \"x\"\nalb_ingress_cidrs = [\"10.0.0.0/8\"]\n",
            File.ReadAllText(file.Path));
        Assert.EndsWith(".tfvars", file.Path);
    }

    [Theory]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("${var.db_password}", "\"$${var.db_password}\"")]
    [InlineData("%{ if true }x%{ endif }", "\"%%{ if true }x%%{ endif }\"")]
    [InlineData("$5 and 100%", "\"$5 and 100%\"")]
    public void A_literal_is_taken_as_typed_never_as_a_template(string value, string hcl) =>
        Assert.Equal(hcl, OverrideVarFile.HclString(value));

    [Fact]
    public void Values_from_a_plan_are_written_as_typed_json()
    {
        using var plan = JsonDocument.Parse("""{"desired_count": 4, "alb_ingress_cidrs": ["10.0.0.0/8"], "db_restore_snapshot_identifier": "snap-1"}""");
        var values = plan.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        using var file = OverrideVarFile.FromPlanValues(values);

        Assert.EndsWith(".tfvars.json", file.Path);
        using var written = JsonDocument.Parse(File.ReadAllText(file.Path));
        Assert.Equal(4, written.RootElement.GetProperty("desired_count").GetInt32());
        Assert.Equal("10.0.0.0/8", written.RootElement.GetProperty("alb_ingress_cidrs")[0].GetString());
        Assert.Equal("snap-1", written.RootElement.GetProperty("db_restore_snapshot_identifier").GetString());
    }

    [Fact]
    public void The_file_lives_in_a_private_folder_outside_the_checkout_and_is_gone_after_dispose()
    {
        string folder;
        using (var file = OverrideVarFile.FromArguments([(new VarOverride("desired_count", "4"), Variable("desired_count", "number"))]))
        {
            folder = Path.GetDirectoryName(file.Path)!;
            Assert.StartsWith(Path.GetTempPath(), folder);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            }
        }

        Assert.False(Directory.Exists(folder));
    }
}
