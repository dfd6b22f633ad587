using MlflowDeploy.Environments;
using MlflowDeploy.Recovery;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Recovery;

/// <summary>
/// A held state lock as terraform 1.11 writes its S3 lock file (use_lockfile), read and named in one line: ID, holder,
/// operation, age against a fixed clock, and the Unlock command (with the typed confirmation only outside the emulator).
/// </summary>
public sealed class HeldStateLockTests
{
    private const string LockJson = """
        {"ID":"3f1c2a9e-7b1d-4c55-9a0e-2d6f1e8b4c21","Operation":"OperationTypeApply","Info":"","Who":"runner@fv-az12-345","Version":"1.11.4","Created":"2026-11-30T20:51:31.123456789Z","Path":"team-state/mlflow-deploy/staging/terraform.tfstate"}
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 20, 57, 40, TimeSpan.Zero);

    [Fact]
    public void Terraforms_lock_file_is_read_with_its_id_holder_operation_and_time()
    {
        var held = StateLockInfo.Parse(LockJson);

        Assert.Equal("3f1c2a9e-7b1d-4c55-9a0e-2d6f1e8b4c21", held.Id);
        Assert.Equal("runner@fv-az12-345", held.Who);
        Assert.Equal("apply", held.OperationName);
        Assert.Equal("1.11.4", held.Version);
        Assert.NotNull(held.Created); // terraform writes nanoseconds (Go's RFC 3339), more digits than .NET keeps
        Assert.Equal("2026-11-30T20:51:31", held.Created.Value.UtcDateTime.ToString("s"));
        Assert.Equal("runner@fv-az12-345 (terraform 1.11.4 apply) since 2026-11-30 20:51:31 UTC, 6 min ago", held.Describe(Now));
    }

    [Theory]
    [InlineData(45, "45 s ago")]
    [InlineData(60 * 89, "89 min ago")]
    [InlineData(3600 * 47, "47 h ago")]
    [InlineData(86400 * 3, "3 days ago")]
    public void The_age_is_said_in_the_unit_a_reader_needs(int seconds, string expected)
    {
        var held = StateLockInfo.Parse(LockJson);

        Assert.EndsWith(expected, held.Describe(held.Created!.Value.AddSeconds(seconds)));
    }

    [Fact]
    public void A_lock_without_a_time_or_holder_is_still_named()
    {
        var held = StateLockInfo.Parse("""{"ID":"abc","Operation":"OperationTypePlan","Version":"1.11.4"}""");

        Assert.Equal("an unknown user (terraform 1.11.4 plan), at an unknown time", held.Describe(Now));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Operation":"OperationTypeApply"}""")]
    [InlineData("""{"ID":""}""")]
    public void Anything_but_terraforms_lock_json_is_refused(string text) =>
        Assert.Throws<InvalidDataException>(() => StateLockInfo.Parse(text));

    [Fact]
    public void An_emulated_environments_lock_is_removed_without_a_typed_confirmation()
    {
        var held = StateLockInfo.Parse(LockJson);

        var refusal = HeldStateLock.Refusal(Environment("local-stalelock"), held, Now);

        Assert.Equal(2, refusal.ExitCode);
        Assert.Equal(
            "the state of 'local-stalelock' is locked: lock 3f1c2a9e-7b1d-4c55-9a0e-2d6f1e8b4c21, held by runner@fv-az12-345 (terraform 1.11.4 apply) since 2026-11-30 20:51:31 UTC, 6 min ago — "
            + "if that run has ended (interrupted or killed), remove the lock with ./build.sh --target=Unlock --environment=local-stalelock --lock-id=3f1c2a9e-7b1d-4c55-9a0e-2d6f1e8b4c21; "
            + "if it is still running, wait for it",
            refusal.Message);
        Assert.DoesNotContain('\n', refusal.Message);
    }

    [Fact]
    public void An_account_environments_unlock_command_carries_the_typed_confirmation()
    {
        var held = StateLockInfo.Parse(LockJson);

        Assert.Equal(
            "./build.sh --target=Unlock --environment=staging --lock-id=3f1c2a9e-7b1d-4c55-9a0e-2d6f1e8b4c21 --confirm=staging",
            HeldStateLock.UnlockCommand(Environment("staging"), held));
    }

    private static DeployEnvironment Environment(string name) =>
        new() { Name = name, RepositoryRoot = "/repo", VarFile = $"/repo/infra/environments/{name}.tfvars" };
}
