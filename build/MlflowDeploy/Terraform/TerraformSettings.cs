namespace MlflowDeploy.Terraform;

/// <summary>How terraform is run: where the provider mirror is, and how long each kind of command may take.</summary>
public sealed record TerraformSettings
{
    /// <summary>A filesystem provider mirror (the folder holding <c>registry.terraform.io</c>), from <c>TF_PLUGIN_MIRROR</c>.</summary>
    public string? PluginMirror { get; init; }

    public TimeSpan InitDeadline { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan CheckDeadline { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan PlanDeadline { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan ApplyDeadline { get; init; } = TimeSpan.FromMinutes(45);

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
    };
}
