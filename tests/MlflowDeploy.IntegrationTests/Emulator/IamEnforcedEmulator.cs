using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// The pipeline's emulator started IAM-enforced with a call record, and its administrator made in the first
/// unauthenticated calls. Fixtures are created with the awscli as the administrator (or any identity a test names).
/// </summary>
public class IamEnforcedEmulator : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    public const string Account = "123456789012";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TempDirectory _folder = new();
    private MotoEmulator? _emulator;

    public Uri Endpoint => _emulator?.Endpoint ?? throw new InvalidOperationException("moto is not started");

    public AwsCredentials Administrator { get; private set; } = null!;

    public string CallRecord => _folder.File("calls.jsonl");

    public string Folder => _folder.Path;

    public virtual async Task InitializeAsync()
    {
        _emulator = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = _folder.File("moto.log"), IamEnforced = true, CallRecordFile = CallRecord }, CancellationToken.None);
        Administrator = await EmulatedIdentity.CreateAdministratorAsync(Endpoint, Http, CancellationToken.None);
    }

    public IReadOnlyDictionary<string, string?> VariablesFor(AwsCredentials credentials) =>
        EmulatedIdentity.CredentialVariables(Endpoint, Region, credentials);

    /// <summary>Runs the awscli with <paramref name="environment"/> (credentials or a web-identity token file) and returns its result.</summary>
    public static Task<ExternalProcess.Result> AwsCliAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ExternalProcess.RunAsync("aws", ["--output", "json", .. arguments], CommandDeadline.Helper, environment: environment);

    /// <summary>The awscli as the administrator; fails the test when the call fails.</summary>
    public async Task<JsonElement> AsAdministratorAsync(params string[] arguments)
    {
        var result = await AwsCliAsync(VariablesFor(Administrator), arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? default : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public async Task<string> CreateRoleAsync(string name, string trustPolicy, string permissions, string? boundaryArn = null)
    {
        string[] boundary = boundaryArn is null ? [] : ["--permissions-boundary", boundaryArn];
        var arn = (await AsAdministratorAsync(["iam", "create-role", "--role-name", name, "--assume-role-policy-document", trustPolicy, .. boundary]))
            .GetProperty("Role").GetProperty("Arn").GetString()!;
        await AsAdministratorAsync("iam", "put-role-policy", "--role-name", name, "--policy-name", "permissions", "--policy-document", permissions);
        return arn;
    }

    public virtual async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _folder.Dispose();
    }
}
