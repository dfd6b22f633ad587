using System.Diagnostics;
using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Preflight;

/// <summary>
/// Validate: everything that would otherwise fail minutes into an apply, checked in seconds and before anything is
/// created. Three groups run in order, and the first group with a failure ends the run with that failure's one line:
/// static checks (offline), the account preflight (read-only calls), and the container configuration as the plan
/// renders it.
/// </summary>
public static class EnvironmentPreflight
{
    public const string StaticGroup = "static checks";
    public const string AccountGroup = "account preflight";
    public const string ContainerGroup = "container configuration";

    // One connection pool for the run's few calls; each call sets its own deadline.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// Runs every check and returns their results. Throws <see cref="ActionableError"/> (one line, non-zero exit code)
    /// at the end of the first group that has a failure. AWS credentials and endpoints come from the process
    /// environment, as for terraform.
    /// </summary>
    public static async Task<IReadOnlyList<PreflightResult>> RunAsync(
        TerraformWorkspace terraform, PreflightOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<PreflightResult>();

        var stack = await StaticChecksAsync(terraform, log, results, cancellationToken).ConfigureAwait(false);
        await AccountPreflightAsync(terraform, stack, options, log, results, cancellationToken).ConfigureAwait(false);
        ContainerConfiguration(stack, log, results);

        log($"Validate: {results.Count(r => r.Status == CheckStatus.Pass)} passed, "
            + $"{results.Count(r => r.Status == CheckStatus.Skip)} skipped, 0 failed ({DurationText.Human(clock.Elapsed)})");
        return results;
    }

    private static async Task<RenderedStack> StaticChecksAsync(
        TerraformWorkspace terraform, Action<string> log, List<PreflightResult> results, CancellationToken cancellationToken)
    {
        log($"Validate 1/3: {StaticGroup}");
        var group = new PreflightGroup(StaticGroup, log);
        var environment = terraform.Environment;
        var varFileShown = "infra/environments/" + Path.GetFileName(environment.VarFile);
        RenderedStack? stack = null;
        try
        {
            // fmt reads only the files and init only writes the data folder: side by side.
            var formatting = CheckAsync("terraform fmt", async () =>
            {
                var started = Stopwatch.StartNew();
                await terraform.FormatCheckAsync(cancellationToken).ConfigureAwait(false);
                return PreflightResult.Pass("terraform fmt", $"all files formatted ({DurationText.Human(started.Elapsed)})");
            });
            var initializing = CheckAsync("terraform init", async () =>
            {
                var started = Stopwatch.StartNew();
                await terraform.InitWithoutBackendAsync(cancellationToken).ConfigureAwait(false);
                return PreflightResult.Pass("terraform init", $"providers installed, backend not touched ({DurationText.Human(started.Elapsed)})");
            });
            group.Add(await formatting.ConfigureAwait(false));
            var init = await initializing.ConfigureAwait(false);
            group.Add(init);
            if (init.Status == CheckStatus.Fail)
            {
                group.ThrowIfFailed();
            }

            // validate and the offline render both only read the configuration and the providers: run them side by side.
            var validating = CheckAsync("terraform validate", async () =>
            {
                var started = Stopwatch.StartNew();
                var diagnostics = await terraform.ValidateAsync(cancellationToken).ConfigureAwait(false);
                return PreflightResult.Pass("terraform validate", $"valid, {diagnostics.Count} warning(s) ({DurationText.Human(started.Elapsed)})");
            });
            var rendering = RenderAsync(terraform, cancellationToken);
            var validate = await validating.ConfigureAwait(false);
            var (rendered, renderedStack) = await rendering.ConfigureAwait(false);
            group.Add(validate);
            if (validate.Status == CheckStatus.Fail)
            {
                group.ThrowIfFailed();
            }

            group.Add(TfvarsNameCheck.Run(environment.VarFile, varFileShown, DeclaredVariables.Read(environment.InfraDirectory)));

            group.Add(rendered);
            stack = renderedStack;
            if (stack is not null)
            {
                group.Add(RegionNameCheck.Run(stack.Settings.Region, varFileShown));
                group.Add(HttpsRequirementCheck.Run(stack.Settings, environment.UsesEmulator, varFileShown));
            }

            group.ThrowIfFailed();
            return stack!;
        }
        finally
        {
            results.AddRange(group.Results);
        }
    }

    private static async Task AccountPreflightAsync(
        TerraformWorkspace terraform, RenderedStack stack, PreflightOptions options, Action<string> log, List<PreflightResult> results,
        CancellationToken cancellationToken)
    {
        log($"Validate 2/3: {AccountGroup}{(options.AgainstEmulator ? " (against the local emulator)" : "")}");
        var group = new PreflightGroup(AccountGroup, log);
        var environment = terraform.Environment;
        var settings = stack.Settings;
        try
        {
            AwsCredentials credentials;
            AwsClients clients;
            CallerIdentity identity;
            try
            {
                credentials = await AwsCredentialResolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
                clients = AwsClients.Create(credentials, settings.Region, options.AwsEnvironment, options.Retry, Http);
                identity = await clients.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ActionableError error)
            {
                group.Add(PreflightResult.From(CallerIdentityCheck.Name, error));
                group.ThrowIfFailed();
                throw;
            }

            using (clients)
            {
                var varFileShown = "infra/environments/" + Path.GetFileName(environment.VarFile);
                group.Add(CallerIdentityCheck.Judge(identity, settings.ExpectedAccountId, varFileShown));
                group.ThrowIfFailed(); // every other answer would describe the wrong account

                var context = new AccountContext
                {
                    Environment = environment,
                    Settings = settings,
                    Stack = stack,
                    Credentials = credentials,
                    Identity = identity,
                    Clients = clients,
                    Options = options,
                    Http = Http,
                };
                group.Add(RegionConsistencyCheck.Run(environment.InfraDirectory, settings.Region));
                await group.RunAsync(ArtifactBucketLocationCheck.Name, () => Guarded(ArtifactBucketLocationCheck.Name, () => ArtifactBucketLocationCheck.RunAsync(context, cancellationToken))).ConfigureAwait(false);

                string? version = null;
                await group.RunAsync(DbEngineVersionCheck.Name, () => Guarded(DbEngineVersionCheck.Name, async () =>
                {
                    (var result, version) = await DbEngineVersionCheck.RunAsync(context, cancellationToken).ConfigureAwait(false);
                    return result;
                })).ConfigureAwait(false);
                await group.RunAsync(DbInstanceClassCheck.Name, () => Guarded(DbInstanceClassCheck.Name, () => DbInstanceClassCheck.RunAsync(context, version, cancellationToken))).ConfigureAwait(false);
                await group.RunAsync(StateBucketCheck.Name, () => Guarded(StateBucketCheck.Name, () => StateBucketCheck.RunAsync(context, cancellationToken))).ConfigureAwait(false);
                await group.RunAsync(CertificateCheck.Name, () => Guarded(CertificateCheck.Name, () => CertificateCheck.RunAsync(context, cancellationToken))).ConfigureAwait(false);
                await group.RunAsync(EnvironmentProtectionCheck.Name, () => EnvironmentProtectionCheck.RunAsync(
                    environment, options.GitHubVariables ?? System.Environment.GetEnvironmentVariable, cancellationToken)).ConfigureAwait(false);
            }

            group.ThrowIfFailed();
        }
        finally
        {
            results.AddRange(group.Results);
        }
    }

    private static void ContainerConfiguration(RenderedStack stack, Action<string> log, List<PreflightResult> results)
    {
        log($"Validate 3/3: {ContainerGroup} (the task definition as the plan renders it, with placeholder values)");
        var group = new PreflightGroup(ContainerGroup, log);
        try
        {
            ContainerCommand command;
            try
            {
                command = ContainerCommand.Parse(stack.ContainerDefinitions, stack.ContainerName);
            }
            catch (ActionableError error)
            {
                group.Add(PreflightResult.From("container command", error));
                group.ThrowIfFailed();
                throw;
            }

            group.Add(BackendStoreUriCheck.Run(command, stack.DbSecretArn));
            group.Add(ContainerSettingsCheck.CheckArtifactStore(command, stack));
            group.Add(ContainerSettingsCheck.CheckWorkers(command, stack));
            group.Add(ContainerSettingsCheck.CheckPort(command));
            group.Add(ContainerSettingsCheck.CheckHardening(command));
            group.ThrowIfFailed();
        }
        finally
        {
            results.AddRange(group.Results);
        }
    }

    private static async Task<(PreflightResult Result, RenderedStack? Stack)> RenderAsync(TerraformWorkspace terraform, CancellationToken cancellationToken)
    {
        try
        {
            return await StackRender.RunAsync(terraform, cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableError error)
        {
            return (PreflightResult.From(StackRender.Name, error), null);
        }
    }

    /// <summary>A check whose user-fixable error is its failure, for checks that run side by side before they are reported.</summary>
    private static async Task<PreflightResult> CheckAsync(string name, Func<Task<PreflightResult>> check)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (ActionableError error)
        {
            return PreflightResult.From(name, error);
        }
    }

    /// <summary>An AWS answer no check expected (a validation error, an unknown code) is that check's failure, not a crash.</summary>
    private static async Task<PreflightResult> Guarded(string name, Func<Task<PreflightResult>> check)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return PreflightResult.Fail(name, $"{e.Message} — check the setting this call is about, or the identity's permissions");
        }
    }
}
