using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Preflight;

public sealed class VarOverrideCheckTests
{
    private static readonly DeclaredVariables Infra = DeclaredVariables.Read(Path.Combine(Support.RepositoryRoot.Path, "infra"));

    private static ActionableError Refused(params VarOverride[] overrides) =>
        Assert.Throws<ActionableError>(() => VarOverrideCheck.Resolve(overrides, Infra));

    [Fact]
    public void Declared_names_resolve_with_their_declarations_in_the_order_given()
    {
        var resolved = VarOverrideCheck.Resolve([new("desired_count", "4"), new("db_instance_class", "db.t3.small")], Infra);

        Assert.Equal(["desired_count", "db_instance_class"], resolved.Select(r => r.Variable.Name));
        Assert.Equal("number", resolved[0].Variable.Type);
        Assert.True(resolved[0].Variable.TakesLiteralValue);
        Assert.StartsWith("variables.tf:", resolved[0].Variable.Location);
    }

    [Fact]
    public void A_mistyped_name_is_one_line_with_the_closest_declared_name()
    {
        var error = Refused(new VarOverride("desired_cont", "4"));

        Assert.Equal("--var desired_cont: infra/ declares no such variable — did you mean desired_count?", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void A_name_far_from_any_variable_points_at_variables_tf() =>
        Assert.Equal("--var colour_scheme: infra/ declares no such variable — see infra/variables.tf for the variables you can set",
            Refused(new VarOverride("colour_scheme", "dark")).Message);

    [Fact]
    public void A_name_given_twice_is_one_line() =>
        Assert.Equal("--var desired_count is given twice — pass each variable once",
            Refused(new VarOverride("desired_count", "3"), new VarOverride("desired_count", "4")).Message);

    [Fact]
    public void An_ephemeral_variable_is_refused_because_apply_would_need_it_again()
    {
        // infra/ declares no ephemeral variable since the DB password became RDS-managed; the rule stays for the next one.
        using var infra = new TempDirectory();
        infra.Write("variables.tf", """
            variable "db_password" {
              type      = string
              sensitive = true
              ephemeral = true
            }
            """);

        var error = Assert.Throws<ActionableError>(() =>
            VarOverrideCheck.Resolve([new VarOverride("db_password", "x")], DeclaredVariables.Read(infra.Path)));

        Assert.StartsWith("--var db_password: the variable is ephemeral", error.Message);
        Assert.EndsWith("set TF_VAR_db_password for both Plan and Apply instead", error.Message);
    }

    [Fact]
    public void The_restore_snapshot_is_set_by_Restore_only()
    {
        var error = Refused(new VarOverride("db_restore_snapshot_identifier", "snap-1"));
        Assert.Equal("--var db_restore_snapshot_identifier is set by its own task — run ./build.sh --target=Restore --snapshot=<snapshot id>", error.Message);

        var resolved = VarOverrideCheck.Resolve([new("db_restore_snapshot_identifier", "snap-1")], Infra, allowStageVariables: true);
        Assert.Equal("string", resolved.Single().Variable.Type);
    }

    [Fact]
    public void Types_sensitivity_and_ephemerality_are_read_from_the_variable_block_only()
    {
        using var infra = new TempDirectory();
        infra.Write("variables.tf", """
            variable "token" {
              description = "a secret"
              type        = string
              sensitive   = true
            }

            variable "cidrs" {
              type = list(string)

              validation {
                condition     = length(var.cidrs) > 0
                error_message = "type = string, sensitive = true in a message is not an argument."
              }
            }

            variable "untyped" {
              default = "x"
            }

            variable "session" {
              type      = string
              sensitive = true
              ephemeral = true
            }
            """);
        var declared = DeclaredVariables.Read(infra.Path);

        Assert.Equal(new DeclaredVariable("token", "variables.tf:1", "string", Sensitive: true, Ephemeral: false), declared.Find("token"));
        Assert.Equal(new DeclaredVariable("cidrs", "variables.tf:7", "list(string)", Sensitive: false, Ephemeral: false), declared.Find("cidrs"));
        Assert.False(declared.Find("cidrs")!.TakesLiteralValue);
        Assert.True(declared.Find("untyped")!.TakesLiteralValue);
        Assert.Null(declared.Find("untyped")!.Type);
        Assert.True(declared.Find("session")!.Sensitive);
        Assert.True(declared.Find("session")!.Ephemeral);
    }
}
