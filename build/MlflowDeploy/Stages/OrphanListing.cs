using MlflowDeploy.Recovery;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// Lists what exists in the account under the stack's tags but in no state, each with its <c>terraform import</c>
/// command. One call for every stage that shows it (Validate; Status): it initialises terraform against the state,
/// reads the state and asks the Resource Groups Tagging API; it changes nothing, and an orphan is a warning, not a failure.
/// Validate then calls <see cref="ThrowIfApplyWouldFail"/>: an orphan holding a name the apply needs is a failure.
/// </summary>
public static class OrphanListing
{
    public static async Task<OrphanReport> ReportAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var tags = StackTags.For(context.Tfvars, context.Environment);
        TerraformWorkspace terraform;
        try
        {
            terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableError e)
        {
            // Before the first bootstrap there is no state to compare with; Validate still has its answer.
            context.Log($"resources outside the state: not checked, the state is not reachable yet ({e.Message})");
            return new OrphanReport([], 0, []);
        }

        IReadOnlyList<StateInstance> state;
        using (var document = await terraform.StatePullAsync(cancellationToken).ConfigureAwait(false))
        {
            // Only the names, IDs and ARNs StackOrphans compares are kept, and only while the document is open.
            state = document is null ? [] : StateResources.Managed(document.RootElement)
                .Select(i => i with { Attributes = System.Text.Json.JsonSerializer.SerializeToElement(StackOrphans.StateAttributes.ToDictionary(a => a, i.Text)) })
                .ToList();
        }

        using var aws = await context.AwsAsync(context.Region, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Aws.TaggedResource> tagged;
        try
        {
            tagged = await aws.Tagging.GetResourcesAsync(tags, cancellationToken).ConfigureAwait(false);
        }
        catch (Aws.AwsServiceException e) when (e.Category == Aws.AwsErrorCategory.AccessDenied)
        {
            context.Log($"resources outside the state: not checked, the identity may not call {e.IamAction} (grant it to list what an interrupted run left)");
            return new OrphanReport([], 0, []);
        }

        var report = await DeletedResources.DropAsync(
            StackOrphans.Find(tagged, state, ConfiguredResources.Read(context.Environment.InfraDirectory)), aws, cancellationToken).ConfigureAwait(false);

        context.Log($"resources outside the state: {tagged.Count} resource(s) in {context.Region} tagged {string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))}");
        var notManaged = report.NotManaged.Count == 0 ? "" : $"; {report.NotManaged.Count} made by AWS on the stack's behalf and not terraform's ({string.Join("; ", report.NotManaged.Distinct())})";
        if (report.Orphans.Count == 0)
        {
            context.Log($"  ✔ none: {report.InState} in the state{notManaged}");
            return report;
        }

        context.Log($"  ⚠ {report.Orphans.Count} exist in the account but in no state — import each (or delete it if it is not wanted); {report.InState} in the state{notManaged}:");
        var prefix = ImportPrefix(context);
        foreach (var orphan in report.Orphans)
        {
            context.Log($"    {orphan.Arn}{(orphan.Name is { } name ? $" (Name: {name})" : string.Empty)}");
            if (orphan.ImportCommand(prefix, terraform.VarFileArgument) is not { } command)
            {
                context.Log("      no import mapping for this type: find its resource block in infra/ and import it by hand, or delete it");
                continue;
            }

            var fillIn = orphan.Address!.Exact ? string.Empty : "   # fill in the <…> part: the address it belongs at";
            context.Log($"      {command}{fillIn}");
            context.Log("      or, when the state is too empty for that command (\"Invalid count argument\"), add to infra/imports.tf and run Plan and Apply:");
            foreach (var line in orphan.ImportBlock!.Split('\n'))
            {
                context.Log($"        {line}");
            }
        }

        return report;
    }

    /// <summary>One line, when an orphan holds a name the next apply would create again: the apply would fail on it.</summary>
    public static void ThrowIfApplyWouldFail(OrphanReport report)
    {
        var blocking = report.Orphans.Where(o => o.BlocksApply).ToList();
        if (blocking.Count > 0)
        {
            throw new ActionableError(
                $"{blocking.Count} resource(s) tagged as this stack's exist outside its state under a name the next apply would create again, and AWS would refuse it: "
                + string.Join(", ", blocking.Select(o => $"{o.Address!.Value} ({o.Target!.ImportId})"))
                + " — adopt each as listed above (the terraform import command, or the import block through Plan and Apply), or delete it if it holds nothing you need; then run Validate again");
        }
    }

    /// <summary>What the import command needs in front: the environment's data folder, and for the emulator its address.</summary>
    private static string ImportPrefix(PipelineContext context)
    {
        // terraform reads TF_DATA_DIR after -chdir, so relative to infra/.
        var prefix = $"TF_DATA_DIR={Path.GetRelativePath(context.Environment.InfraDirectory, context.Artifacts.TerraformDataDirectory)} ";
        return context.EmulatorEndpoint is { } emulator
            ? $"AWS_ENDPOINT_URL={emulator.ToString().TrimEnd('/')} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing {prefix}"
            : prefix;
    }
}
