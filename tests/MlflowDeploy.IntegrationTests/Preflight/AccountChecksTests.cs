using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// The account checks one by one against a local HTTP stub in AWS's formats: what moto lacks (engine versions,
/// orderable postgres classes) and the answers a real account gives that moto does not (a pending certificate).
/// </summary>
public sealed class AccountChecksTests : IDisposable
{
    private readonly StubbedAccount _aws = new();
    private readonly TempDirectory _folder = new();
    private readonly List<AwsClients> _clients = [];

    private AccountContext Context(StackSettings? settings = null, bool againstEmulator = false, string? backendHcl = null)
    {
        settings ??= Settings();
        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = _aws.Endpoint };
        var options = new PreflightOptions { AgainstEmulator = againstEmulator, AwsEnvironment = environment.GetValueOrDefault, Retry = StubbedAws.FastRetry };
        var clients = AwsClients.Create(StubbedAws.Credentials, settings.Region, options.AwsEnvironment, options.Retry);
        _clients.Add(clients);
        return new AccountContext
        {
            Environment = new DeployEnvironment
            {
                Name = "prod",
                RepositoryRoot = _folder.Path,
                VarFile = _folder.Write("infra/environments/prod.tfvars", ""),
                BackendConfigFile = backendHcl is null ? null : _folder.Write("infra/environments/prod.backend.hcl", backendHcl),
            },
            Settings = settings,
            Stack = new RenderedStack
            {
                Settings = settings,
                ContainerDefinitions = "[]",
                ContainerName = "mlflow",
                DbSecretArn = "arn:aws:secretsmanager:eu-west-2:000000000000:secret:rds!db-placeholder-AbCdEf",
                ArtifactBucketName = $"mlflow-artifacts-{StackRenderFiles.PlaceholderAccountId}-{settings.Region}",
            },
            Credentials = StubbedAws.Credentials,
            Identity = new CallerIdentity(StubbedAccount.Account, StubbedAccount.Arn, "AIDA"),
            Clients = clients,
            Options = options,
            Http = new HttpClient(),
        };
    }

    private static StackSettings Settings(
        string version = "15.8", string instanceClass = "db.t3.micro", string? certificate = null, bool create = true, string? bucket = null, bool multiAz = false) => new()
    {
        DbMultiAz = multiAz,
        Name = "mlflow-prod",
        Region = "eu-west-2",
        DbEngineMajorVersion = "15",
        DbEngineVersion = version,
        DbInstanceClass = instanceClass,
        CertificateArn = certificate,
        CreateArtifactBucket = create,
        ArtifactBucketName = bucket,
    };

    [Fact]
    public async Task Against_the_emulator_the_RDS_checks_are_skipped_as_not_checkable_and_make_no_call()
    {
        var context = Context(againstEmulator: true);

        var (version, _) = await DbEngineVersionCheck.RunAsync(context, CancellationToken.None);
        var instanceClass = await DbInstanceClassCheck.RunAsync(context, "15.8", CancellationToken.None);

        Assert.Equal(("RDS engine version", CheckStatus.Skip, "not checkable against the emulator (it has no DescribeDBEngineVersions)"), (version.Name, version.Status, version.Detail));
        Assert.Equal(CheckStatus.Skip, instanceClass.Status);
        Assert.StartsWith("not checkable against the emulator", instanceClass.Detail);
        Assert.Empty(_aws.Calls);
    }

    [Fact]
    public async Task An_empty_engine_version_takes_the_newest_available_minor_and_ignores_deprecated_ones()
    {
        _aws.EngineVersions(("15.8", "available"), ("15.12", "deprecated"), ("15.10", "available"), ("16.4", "available"));

        var (result, version) = await DbEngineVersionCheck.RunAsync(Context(Settings(version: "")), CancellationToken.None);

        Assert.Equal("postgres 15.10 (newest 15.x offered in eu-west-2; db_engine_version is empty)", result.Detail);
        Assert.Equal("15.10", version);
        Assert.Contains("EngineVersion=15", _aws.Server.LogEntries.Single().RequestMessage.Body);
    }

    [Fact]
    public async Task A_major_version_with_nothing_offered_says_how_to_list_what_is()
    {
        _aws.EngineVersions();

        var (result, version) = await DbEngineVersionCheck.RunAsync(Context(), CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("RDS offers no postgres 15.x in eu-west-2 — set db_engine_major_version", result.Detail);
        Assert.Null(version);
    }

    [Fact]
    public async Task An_instance_class_not_orderable_lists_the_classes_that_are()
    {
        _aws.OrderableClasses("db.t3.micro", "db.t4g.micro", "db.m6g.large");

        var result = await DbInstanceClassCheck.RunAsync(Context(Settings(instanceClass: "db.t2.micro")), "15.8", CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "db.t2.micro is not orderable for postgres 15.8 in eu-west-2; orderable: db.m6g.large, db.t3.micro, db.t4g.micro — set db_instance_class in infra/environments/prod.tfvars",
            result.Detail);
    }

    [Fact]
    public async Task An_orderable_instance_class_passes()
    {
        _aws.OrderableClasses("db.t3.micro", "db.t4g.micro");

        var result = await DbInstanceClassCheck.RunAsync(Context(), "15.8", CancellationToken.None);

        Assert.Equal("db.t3.micro is orderable for postgres 15.8 in eu-west-2", result.Detail);
    }

    [Fact]
    public async Task A_class_that_cannot_run_Multi_AZ_fails_when_the_environment_asks_for_it()
    {
        _aws.OrderableClasses(multiAzCapable: false, "db.t3.micro");

        var result = await DbInstanceClassCheck.RunAsync(Context(Settings(multiAz: true)), "15.8", CancellationToken.None);

        Assert.Equal(
            "db.t3.micro is orderable for postgres 15.8 in eu-west-2, but not as Multi-AZ — choose a Multi-AZ capable db_instance_class or set db_multi_az = false in infra/environments/prod.tfvars",
            result.Detail);
    }

    [Fact]
    public async Task A_bucket_name_another_account_owns_is_named_as_taken_when_the_stack_would_create_it()
    {
        _aws.BucketOfAnotherAccount();

        var result = await ArtifactBucketLocationCheck.RunAsync(Context(Settings(bucket: "mlflow")), CancellationToken.None);

        Assert.Equal(
            "the bucket name 'mlflow' is taken by another AWS account (S3 names are global), so creating it would fail — set artifact_bucket_name to another name in infra/environments/prod.tfvars",
            result.Detail);
    }

    [Fact]
    public async Task A_certificate_from_another_region_is_refused_without_a_call()
    {
        var result = await CertificateCheck.RunAsync(
            Context(Settings(certificate: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-1111-2222-333344445555")), CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("certificate_arn is in us-east-1, but the stack deploys to eu-west-2", result.Detail);
        Assert.Empty(_aws.Calls);
    }

    [Fact]
    public async Task A_missing_or_pending_certificate_fails_and_an_issued_one_passes()
    {
        const string arn = "arn:aws:acm:eu-west-2:111122223333:certificate/0a1b2c3d-0000-1111-2222-333344445555";
        _aws.NoCertificate();
        var missing = await CertificateCheck.RunAsync(Context(Settings(certificate: arn)), CancellationToken.None);
        _aws.Server.ResetMappings();
        _aws.Certificate("PENDING_VALIDATION");
        var pending = await CertificateCheck.RunAsync(Context(Settings(certificate: arn)), CancellationToken.None);
        _aws.Server.ResetMappings();
        _aws.Certificate("ISSUED");
        var issued = await CertificateCheck.RunAsync(Context(Settings(certificate: arn)), CancellationToken.None);

        Assert.Equal($"certificate {arn} does not exist in ACM in eu-west-2 — fix certificate_arn in infra/environments/prod.tfvars", missing.Detail);
        Assert.StartsWith("certificate for mlflow.example.com is PENDING_VALIDATION, not ISSUED", pending.Detail);
        Assert.Equal(CheckStatus.Pass, issued.Status);
    }

    [Fact]
    public async Task An_existing_bucket_that_does_not_exist_fails_and_a_created_one_will_be_created()
    {
        _aws.BucketRegion(null);

        var existing = await ArtifactBucketLocationCheck.RunAsync(Context(Settings(create: false, bucket: "team-artifacts")), CancellationToken.None);
        var created = await ArtifactBucketLocationCheck.RunAsync(Context(), CancellationToken.None);

        Assert.Equal(
            "'team-artifacts' does not exist, and create_artifact_bucket = false — create it in eu-west-2, fix artifact_bucket_name, or set create_artifact_bucket = true in infra/environments/prod.tfvars",
            existing.Detail);
        // The derived name carries the real account, not the render's placeholder.
        Assert.Equal($"mlflow-artifacts-{StubbedAccount.Account}-eu-west-2 will be created in eu-west-2", created.Detail);
    }

    [Fact]
    public async Task A_state_bucket_without_versioning_or_with_a_placeholder_name_fails()
    {
        _aws.BucketRegion("eu-west-2");
        _aws.Server.Given(WireMock.RequestBuilders.Request.Create().UsingGet().WithParam("versioning"))
            .RespondWith(StubbedAws.Xml(200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"));

        var unversioned = await StateBucketCheck.RunAsync(Context(backendHcl: "bucket = \"team-state\"\nregion = \"eu-west-2\"\n"), CancellationToken.None);
        var placeholder = await StateBucketCheck.RunAsync(Context(backendHcl: "bucket = \"CHANGE-ME-mlflow-deploy-tfstate\"\nregion = \"eu-west-2\"\n"), CancellationToken.None);

        Assert.StartsWith("state bucket 'team-state' has versioning Off, so a lost or corrupted state cannot be restored", unversioned.Detail);
        Assert.Equal(
            "bucket = \"CHANGE-ME-mlflow-deploy-tfstate\" in infra/environments/prod.backend.hcl is not a valid S3 bucket name — set it to an existing, versioned bucket you own",
            placeholder.Detail);
    }

    [Fact]
    public async Task A_state_bucket_in_another_region_than_the_backend_says_names_both()
    {
        _aws.BucketRegion("us-east-1");

        var result = await StateBucketCheck.RunAsync(Context(backendHcl: "bucket = \"team-state\"\nregion = \"eu-west-2\"\n"), CancellationToken.None);

        Assert.Equal("state bucket 'team-state' lives in us-east-1, but infra/environments/prod.backend.hcl says region = \"eu-west-2\" — set region = \"us-east-1\" there", result.Detail);
    }

    [Fact]
    public void A_provider_region_not_taken_from_var_region_is_named()
    {
        using var infra = new TempDirectory();
        infra.Write("providers.tf", "provider \"aws\" {\n  region = \"us-west-2\"\n}\n");

        var result = RegionConsistencyCheck.Run(infra.Path, "eu-west-2");

        Assert.Equal("a provider \"aws\" block in infra/ takes its region from \"us-west-2\", not from var.region (eu-west-2) — set region = var.region", result.Detail);
    }

    public void Dispose()
    {
        foreach (var clients in _clients)
            clients.Dispose();
        _aws.Dispose();
        _folder.Dispose();
    }
}
