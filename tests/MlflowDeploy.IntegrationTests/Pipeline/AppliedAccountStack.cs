using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// One stack planned and applied once for a whole test class, in a private copy of the checkout: an account-backed
/// environment (only the AWS variables point it at a moto the fixture owns, as they would point staging at AWS), so
/// the emulator and the remote state outlive each build and every day-2 task reads the same deployment. A derived
/// fixture names its own environment and the settings it changes from local.tfvars.
/// </summary>
public class AppliedAccountStack : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(8);
    private RepositoryCopy? _repository;
    private TemporaryEnvironment? _environment;
    private MotoEmulator? _moto;
    private readonly IReadOnlyDictionary<string, string> _overrides;
    private Dictionary<string, string?> _account = [];

    public AppliedAccountStack()
        : this("ci-dayops", new Dictionary<string, string>())
    {
    }

    protected AppliedAccountStack(string environmentName, IReadOnlyDictionary<string, string> overrides)
    {
        EnvironmentName = environmentName;
        _overrides = overrides;
    }

    public string EnvironmentName { get; }

    /// <summary>The bucket and key of the environment's state object in the fixture's emulator.</summary>
    public string StateBucket => $"{EnvironmentName}-state";

    public string StateKey => $"mlflow-deploy/{EnvironmentName}/terraform.tfstate";

    public string Repository => _repository!.Path;

    public string Artifacts => _environment!.Artifacts;

    /// <summary>The stack's name as local.tfvars sets it (the temporary environment copies those settings).</summary>
    public string Stack { get; private set; } = "";

    public string LogGroup => $"/ecs/{Stack}";

    public AwsClients Aws { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> Account => _account;

    public async Task InitializeAsync()
    {
        _repository = new RepositoryCopy();
        _environment = new TemporaryEnvironment(EnvironmentName, _overrides, _repository.Path);
        Stack = File.ReadLines(_environment.VarFile)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "^name\\s*=\\s*\"([^\"]+)\""))
            .First(m => m.Success).Groups[1].Value;
        _moto = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = Path.Combine(Path.GetTempPath(), $"moto-{EnvironmentName}-{Guid.NewGuid():N}.log"), EcsServiceRunning = 2 },
            CancellationToken.None);
        var endpoint = _moto.Endpoint.ToString().TrimEnd('/');
        _account = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = endpoint,
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_REGION"] = Region,
            ["AWS_DEFAULT_REGION"] = Region,
            ["AWS_PROFILE"] = null,
        };
        Aws = AwsClients.Create(new AwsCredentials("testing", "testing"), Region, _account.GetValueOrDefault);

        using (var s3 = new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = Region }))
        {
            await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = StateBucket, BucketRegion = S3Region.EUWest2 });
        }

        File.WriteAllText(
            Path.Combine(Repository, "infra", "environments", EnvironmentName + ".backend.hcl"),
            $"bucket = \"{StateBucket}\"\nkey = \"{StateKey}\"\nregion = \"{Region}\"\nuse_lockfile = true\n");

        var plan = await BuildAsync("--target=Plan");
        if (plan.ExitCode != 0)
            throw new InvalidOperationException("Plan of the shared stack failed:\n" + plan.All);
        var apply = await BuildAsync("--target=Apply");
        if (apply.ExitCode != 0)
            throw new InvalidOperationException("Apply of the shared stack failed:\n" + apply.All);
    }

    /// <summary>One build of this environment, as CI runs each stage.</summary>
    public Task<BuildScript.Result> BuildAsync(params string[] arguments) =>
        BuildScript.RunInAsync(Repository, BuildDeadline, _account, [.. arguments, $"--environment={EnvironmentName}"]);

    /// <summary>The state object's text as the backend stores it, or null when there is none.</summary>
    public async Task<string?> StateTextAsync()
    {
        var stream = await Aws.S3.OpenObjectAsync(StateBucket, StateKey, CancellationToken.None);
        if (stream is null)
            return null;
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }

    /// <summary>Runs the awscli against the fixture's emulator, as an operator would change the account out of band.</summary>
    public async Task<JsonElement> AwsCliAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("aws", ["--endpoint-url", _account["AWS_ENDPOINT_URL"]!, "--output", "json", .. arguments], TimeSpan.FromSeconds(60), environment: _account);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? default : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public virtual async Task DisposeAsync()
    {
        Aws?.Dispose();
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }

        _environment?.Dispose();
        _repository?.Dispose();
    }
}
