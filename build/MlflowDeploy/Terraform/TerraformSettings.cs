namespace MlflowDeploy.Terraform;

/// <summary>How terraform is run: where the provider mirror is, how long each kind of command may take, and how long it may take to stop.</summary>
public sealed record TerraformSettings
{
    /// <summary>Sets <see cref="ApplyInterruptGrace"/> (a duration: 1200, 90s, 20m).</summary>
    public const string ApplyInterruptGraceVariable = "MLFLOW_DEPLOY_TERRAFORM_GRACE";

    /// <summary>Commands that only read (plan, init, state, output) stop within seconds of SIGINT; this bounds them.</summary>
    public static readonly TimeSpan DefaultInterruptGrace = TimeSpan.FromMinutes(2);

    /// <summary>A filesystem provider mirror (the folder holding <c>registry.terraform.io</c>), from <c>TF_PLUGIN_MIRROR</c>.</summary>
    public string? PluginMirror { get; init; }

    public TimeSpan InitDeadline { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan CheckDeadline { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan PlanDeadline { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan ApplyDeadline { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>
    /// How long apply and destroy may take to stop after SIGINT before they are killed. Terraform then lets in-flight
    /// calls return and writes the state; a kill before that leaves resources outside the state and the lock held.
    /// Long enough for an RDS create, modify or delete call to return.
    /// </summary>
    public TimeSpan ApplyInterruptGrace { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The grace of every other command; never longer than <see cref="ApplyInterruptGrace"/>.</summary>
    public TimeSpan InterruptGrace => ApplyInterruptGrace < DefaultInterruptGrace ? ApplyInterruptGrace : DefaultInterruptGrace;

    /// <summary>
    /// TF_PLUGIN_MIRROR names the mirror; set but empty means "use the registry"; unset means look for a
    /// mirror on the machine, so a fresh offline machine runs the rehearsal with no settings at all.
    /// </summary>
    public static TerraformSettings FromEnvironment() => new()
    {
        PluginMirror = Environment.GetEnvironmentVariable("TF_PLUGIN_MIRROR") switch
        {
            null => PluginMirrorDiscovery.Find(),
            "" => null,
            var mirror => mirror,
        },
        ApplyInterruptGrace = ReadGrace(Environment.GetEnvironmentVariable(ApplyInterruptGraceVariable)) ?? TimeSpan.FromMinutes(20),
    };

    private static TimeSpan? ReadGrace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DurationArgument.TryParse(text, out var grace)
            ? grace
            : throw new ActionableError(
                $"{ApplyInterruptGraceVariable}='{text}' is not a duration — set seconds or a unit, e.g. 1200, 90s or 20m, or unset it for the default of 20 minutes",
                exitCode: 2);
    }
}
