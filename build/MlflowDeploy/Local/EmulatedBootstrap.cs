using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Local;

/// <summary>
/// <c>infra/bootstrap</c> applied into the emulator by its administrator, exactly as a person applies it to a new
/// account (docs/one-time-setup.md): the state bucket, the GitHub OIDC provider, and the plan and deploy roles of
/// the emulated environment, trusting <see cref="Repository"/>. Its state and data folder live under
/// <c>artifacts/&lt;env&gt;/bootstrap/</c>; nothing is written inside <c>infra/</c>.
/// </summary>
public sealed record EmulatedBootstrap(string PlanRoleArn, string DeployRoleArn, string StateBucket)
{
    /// <summary>The repository the rehearsal's roles trust; its crafted GitHub tokens name it.</summary>
    public const string Repository = "rehearsal/mlflow-deploy";

    /// <summary>The emulator's account id (moto's default), which the bootstrap is told to expect.</summary>
    public const string Account = "123456789012";

    public static async Task<EmulatedBootstrap> ApplyAsync(
        DeployEnvironment environment, string stackName, string region, Uri endpoint, AwsCredentials administrator,
        Action<string> log, CancellationToken cancellationToken)
    {
        var folder = environment.Artifacts.BootstrapDirectory;
        Directory.CreateDirectory(folder);
        var state = Path.Combine(folder, "terraform.tfstate");
        // The emulator is new for every run: state left by an earlier run describes an account that is gone.
        File.Delete(state);
        File.Delete(state + ".backup");
        var variables = Path.Combine(folder, "rehearsal.tfvars.json");
        await File.WriteAllTextAsync(variables, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["github_repository"] = Repository,
            ["state_bucket_name"] = StateBackend.EmulatedStateBucket,
            ["region"] = region,
            ["expected_account_id"] = Account,
            ["environments"] = new Dictionary<string, object> { [environment.Name] = new Dictionary<string, string> { ["stack_name"] = stackName } },
        }), cancellationToken).ConfigureAwait(false);

        var settings = TerraformSettings.FromEnvironment();
        var processEnvironment = new Dictionary<string, string?>(EmulatedIdentity.CredentialVariables(endpoint, region, administrator))
        {
            ["TF_DATA_DIR"] = Path.Combine(folder, ".terraform"),
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
        };
        if (settings.PluginMirror is { } mirror)
        {
            processEnvironment["TF_CLI_CONFIG_FILE"] = TerraformCliConfig.Write(Path.Combine(folder, "terraform.rc"), mirror);
        }

        var moduleDirectory = Path.Combine(environment.InfraDirectory, "bootstrap");
        var terraform = new TerraformProcess(TerraformWorkspace.LocateTerraform(), moduleDirectory, processEnvironment, _ => { });
        await RunAsync(terraform, ["init", "-input=false", "-no-color", "-lockfile=readonly"], settings.InitDeadline, cancellationToken).ConfigureAwait(false);
        await RunAsync(terraform, ["apply", "-auto-approve", "-input=false", "-no-color", "-state=" + state, "-var-file=" + variables], settings.ApplyDeadline, cancellationToken)
            .ConfigureAwait(false);
        var outputs = await RunAsync(terraform, ["output", "-json", "-no-color", "-state=" + state], settings.CheckDeadline, cancellationToken).ConfigureAwait(false);

        using var json = JsonDocument.Parse(outputs.Stdout);
        string Output(string name) => json.RootElement.GetProperty(name).GetProperty("value").GetProperty(environment.Name).GetString()
            ?? throw new InvalidDataException($"infra/bootstrap output {name} has no {environment.Name}");
        var bootstrap = new EmulatedBootstrap(Output("plan_role_arns"), Output("deploy_role_arns"), StateBackend.EmulatedStateBucket);
        log($"least privilege: infra/bootstrap applied by the emulator's administrator (roles trust {Repository}; state bucket {bootstrap.StateBucket})");
        return bootstrap;
    }

    private static async Task<TerraformResult> RunAsync(TerraformProcess terraform, string[] arguments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var command = new TerraformCommand(arguments, deadline);
        var result = await terraform.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var failure = TerraformFailure.From(command, result);
            throw new ActionableError($"infra/bootstrap could not be applied into the emulator: {failure.Message}", failure.ExitCode, failure);
        }

        return result;
    }
}
