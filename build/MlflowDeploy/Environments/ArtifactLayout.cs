namespace MlflowDeploy.Environments;

/// <summary>
/// Every file the pipeline keeps under <c>artifacts/&lt;env&gt;/</c>, named once. A stage that writes a file and the
/// stage that later reads it both ask this type for its path; nothing else spells these names.
/// </summary>
public sealed record ArtifactLayout(string Directory)
{
    /// <summary>The reviewed plan, unless <c>--plan-file</c> names another.</summary>
    public string PlanFile => Path.Combine(Directory, "plan.bin");

    /// <summary>The plan made right after an apply, to see whether the apply converged; deleted once read.</summary>
    public string ReplanFile => Path.Combine(Directory, "replan.bin");

    /// <summary>Destroy's own plan, read for what AWS would refuse before it is applied; deleted afterwards.</summary>
    public string DestroyPlanFile => Path.Combine(Directory, "destroy-plan.bin");

    public string PlanSummaryMarkdown => Path.Combine(Directory, "plan-summary.md");
    public string PlanSummaryJson => Path.Combine(Directory, "plan-summary.json");

    /// <summary>The plan's JSON with every sensitive value masked; the raw JSON never lands in this folder.</summary>
    public string RedactedPlanJson => Path.Combine(Directory, "plan.redacted.json");

    public string VerifyJson => Path.Combine(Directory, "verify.json");
    public string VerifyMarkdown => Path.Combine(Directory, "verify.md");

    /// <summary>terraform's data folder (<c>TF_DATA_DIR</c>): providers and the backend this environment was initialised with.</summary>
    public string TerraformDataDirectory => Path.Combine(Directory, ".terraform");

    /// <summary>The CLI configuration pointing terraform at the provider mirror.</summary>
    public string TerraformCliConfig => Path.Combine(Directory, "terraform.rc");

    /// <summary>Validate's offline render: a copy of <c>infra/</c> and terraform test's event stream.</summary>
    public string PreflightDirectory => Path.Combine(Directory, "preflight");

    public string EmulatorLog => Path.Combine(Directory, "moto.log");

    /// <summary>Status <c>--json</c>: the same content as its screen, as a document.</summary>
    public string StatusJson => Path.Combine(Directory, "status.json");

    /// <summary>What Restore planned (snapshot, and the experiment count taken with it), for Verify to check after the apply.</summary>
    public string RestoreRecord => Path.Combine(Directory, "restore.json");

    /// <summary><c>--least-privilege</c>: infra/bootstrap's state, variables and data folder for the emulated account.</summary>
    public string BootstrapDirectory => Path.Combine(Directory, "bootstrap");

    /// <summary><c>--least-privilege</c>: every call the enforcing emulator authorised (JSON lines, Iam/RecordedCallLog).</summary>
    public string IamCallRecord => Path.Combine(Directory, "iam-calls.jsonl");

    /// <summary><c>--least-privilege</c>: each permission the roles used, with the stages that used it (Iam/PermissionLedger).</summary>
    public string IamPermissionsMarkdown => Path.Combine(Directory, "iam-permissions.md");

    public string IamPermissionsJson => Path.Combine(Directory, "iam-permissions.json");

    /// <summary>Where a plan's manifest sits: beside the plan, so a plan handed over with <c>--plan-file</c> keeps its own.</summary>
    public static string ManifestFor(string planFile) => Path.ChangeExtension(Path.GetFullPath(planFile), ".manifest.json");
}
