using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Pipeline;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Recovery;

/// <summary>
/// A state lock left by a run that was killed: a real terraform takes the S3 lock file of an emulated environment's
/// state (use_lockfile, as the pipeline inits it) and is killed with SIGKILL while it holds it. The next Plan names the
/// lock (ID, holder, age) and the Unlock command in one line and stops; Unlock with another ID refuses; Unlock with
/// that ID removes it (no typed confirmation against the emulator); the Plan after passes.
/// </summary>
public sealed class StaleLockTests(ITestOutputHelper output)
{
    private const string Name = "local-stalelock";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task A_lock_left_by_a_killed_terraform_is_named_by_plan_and_removed_by_unlock()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        try
        {
            await LockNamedAndRemovedAsync(moto);
        }
        finally
        {
            await moto.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unlock_outside_the_emulator_needs_a_typed_confirmation_before_it_touches_anything()
    {
        using var repository = new RepositoryCopy();

        var run = await BuildScript.RunInAsync(
            repository.Path, Deadline, new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = null },
            "--target=Unlock", "--environment=staging", "--lock-id=0b2c4f1e-0000-4000-8000-000000000000");

        output.WriteLine(run.All);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains("Unlock of 'staging' needs a typed confirmation — make sure no run is using the state, then re-run with --confirm=staging", line);
        Assert.DoesNotContain("   at ", run.All);
        Assert.False(Directory.Exists(Path.Combine(repository.Path, "artifacts", "staging", ".terraform")), "refused before terraform was initialised");
    }

    private async Task LockNamedAndRemovedAsync(MotoServer moto)
    {
        using var repository = new RepositoryCopy();
        using var environment = new TemporaryEnvironment(Name, new Dictionary<string, string>(), repository.Path);
        var variables = new Dictionary<string, string?> { ["MLFLOW_DEPLOY_EMULATOR_URL"] = moto.Endpoint.ToString() };
        Task<BuildScript.Result> Build(params string[] arguments) => BuildScript.RunInAsync(repository.Path, Deadline, variables, [.. arguments, $"--environment={Name}"]);

        // A first Plan inits the environment's data folder against its state in the emulator, as every run does.
        var first = await Build("--target=Plan");
        Assert.True(first.ExitCode == 0, first.All);

        var lockKey = $"mlflow-deploy/{Name}/terraform.tfstate.tflock";
        var held = await KillTerraformHoldingTheLockAsync(repository.Path, environment, moto);
        Assert.Equal("OperationTypeApply", held.GetProperty("Operation").GetString());
        var id = held.GetProperty("ID").GetString()!;
        var who = held.GetProperty("Who").GetString()!;
        Assert.False(string.IsNullOrEmpty(who));

        var planFile = Path.Combine(environment.Artifacts, "plan.bin");
        var firstPlanWritten = File.GetLastWriteTimeUtc(planFile);
        var refused = await Build("--target=Plan");

        output.WriteLine(refused.All);
        Assert.Equal(2, refused.ExitCode);
        Assert.DoesNotContain("   at ", refused.All);
        var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains($"the state of '{Name}' is locked: lock {id}, held by {who} (terraform ", line);
        Assert.Matches(@"\(terraform \d+\.\d+\.\d+ apply\) since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, \d+ (s|min) ago", line);
        Assert.Contains($"remove the lock with ./build.sh --target=Unlock --environment={Name} --lock-id={id};", line);
        Assert.DoesNotContain("--confirm", line); // the emulator's state needs no typed confirmation
        Assert.True(File.GetLastWriteTimeUtc(planFile) == firstPlanWritten, "nothing was planned under someone else's lock");

        var other = await Build("--target=Unlock", "--lock-id=00000000-0000-4000-8000-000000000000");
        output.WriteLine(other.All);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains($"the lock on the state of '{Name}' is {id}, held by {who}", Assert.Single(other.Error.Split('\n'), l => l.StartsWith('✖')));
        Assert.True(await LockExistsAsync(moto, lockKey), "a lock other than the one named is never removed");

        var unlock = await Build("--target=Unlock", $"--lock-id={id}");
        output.WriteLine(unlock.All);
        Assert.True(unlock.ExitCode == 0, unlock.All);
        Assert.Contains($"unlocked: removed lock {id}, held by {who}", unlock.Output);
        Assert.False(await LockExistsAsync(moto, lockKey), "the lock file is gone from the state bucket");

        var after = await Build("--target=Plan");
        output.WriteLine(after.All);
        Assert.True(after.ExitCode == 0, after.All);
        Assert.True(File.GetLastWriteTimeUtc(planFile) > firstPlanWritten, "the Plan after the unlock wrote a new plan");
        Assert.False(await LockExistsAsync(moto, lockKey), "the Plan gave its own lock back");
    }

    /// <summary>
    /// Starts terraform apply by hand in the environment's data folder, as an operator would, lets it take the state
    /// lock and stop at its approval prompt, kills it there (SIGKILL: no chance to release anything) and returns the
    /// lock file it left in the state bucket.
    /// </summary>
    private async Task<JsonElement> KillTerraformHoldingTheLockAsync(string repository, TemporaryEnvironment environment, MotoServer moto)
    {
        var info = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = Path.Combine(repository, "infra"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "apply", "-no-color", $"-var-file=environments/{Name}.tfvars" })
            info.ArgumentList.Add(argument);
        info.Environment["TF_DATA_DIR"] = Path.Combine(environment.Artifacts, ".terraform");
        var cliConfig = Path.Combine(environment.Artifacts, "terraform.rc");
        if (File.Exists(cliConfig))
            info.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        info.Environment["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString().TrimEnd('/');
        info.Environment["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKeyId;
        info.Environment["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretAccessKey;
        info.Environment["AWS_REGION"] = MotoServer.Region;
        info.Environment["AWS_DEFAULT_REGION"] = MotoServer.Region;
        info.Environment.Remove("AWS_PROFILE");
        info.Environment.Remove("AWS_SESSION_TOKEN");
        info.Environment.Remove("TF_INPUT");

        using var terraform = Process.Start(info)!;
        var seen = new StringBuilder();
        var prompted = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await terraform.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (seen)
                {
                    seen.Append(buffer, 0, read);
                    if (seen.ToString().Contains("Enter a value:", StringComparison.Ordinal))
                        prompted.TrySetResult();
                }
            }

            prompted.TrySetException(new InvalidOperationException("terraform ended before its approval prompt"));
        });
        var errors = terraform.StandardError.ReadToEndAsync();
        try
        {
            await prompted.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            if (!terraform.HasExited)
                terraform.Kill(entireProcessTree: true);
            await terraform.WaitForExitAsync();
            throw new InvalidOperationException($"terraform apply did not reach its approval prompt: {e.Message}\n{seen}\n{await errors}");
        }

        terraform.Kill(entireProcessTree: true);
        await terraform.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await reader;
        output.WriteLine("terraform killed at its approval prompt, holding the lock");

        var file = Path.Combine(environment.Artifacts, "left-lock.json");
        await moto.AwsCliAsync("s3api", "get-object", "--bucket", "mlflow-deploy-state", "--key", $"mlflow-deploy/{Name}/terraform.tfstate.tflock", file);
        var text = File.ReadAllText(file);
        File.Delete(file);
        output.WriteLine("lock left behind: " + Regex.Replace(text, @"\s+", " "));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<bool> LockExistsAsync(MotoServer moto, string key)
    {
        var listed = await moto.AwsCliAsync("s3api", "list-objects-v2", "--bucket", "mlflow-deploy-state", "--prefix", key);
        return listed.ValueKind == JsonValueKind.Object && listed.TryGetProperty("Contents", out var contents) && contents.GetArrayLength() > 0;
    }
}
