using MlflowDeploy.Aws;

namespace MlflowDeploy.Teardown;

/// <summary>
/// What AWS would refuse halfway through a destroy, found from the destroy plan before anything changes: a database
/// or load balancer with deletion protection on, a final snapshot name already taken, a bucket that holds objects and
/// may not be emptied. Each blocker is one clause with its way out; the way out is a reviewed change, never a flag
/// on Destroy, so that switching a protection off is planned, reviewed and applied like any other change.
/// </summary>
public static class DestroyBlockers
{
    public static async Task<IReadOnlyList<string>> FindAsync(DestroyPlan plan, IReadOnlyCollection<string> kept, AwsClients aws, CancellationToken cancellationToken)
    {
        var blockers = new List<string>();
        foreach (var deletion in plan.Deletions)
        {
            if (kept.Contains(deletion.Address))
            {
                // A guard on Destroy's own targeting: a kept resource must never be in the plan.
                blockers.Add($"the destroy plan deletes {deletion.Address}, which Destroy keeps — report this as a bug");
                continue;
            }

            switch (deletion.Type)
            {
                case "aws_db_instance":
                    if (deletion.IsOn("deletion_protection"))
                    {
                        blockers.Add($"{Named(deletion, "identifier")} has deletion protection on — {ReviewedChange("db_deletion_protection = false")}");
                    }

                    if (await TakenSnapshotAsync(deletion, aws, cancellationToken).ConfigureAwait(false) is { } taken)
                    {
                        blockers.Add(taken);
                    }

                    break;
                case "aws_lb" or "aws_alb" when deletion.IsOn("enable_deletion_protection"):
                    blockers.Add($"{Named(deletion, "name")} has deletion protection on — {ReviewedChange("alb_deletion_protection = false")}");
                    break;
                case "aws_s3_bucket" when !deletion.IsOn("force_destroy") && deletion.Text("bucket") is { } bucket
                                          && await aws.S3.HoldsObjectsAsync(bucket, cancellationToken).ConfigureAwait(false):
                    blockers.Add($"{deletion.Address} (s3://{bucket}) holds objects and may not be emptied by terraform (force_destroy off) — "
                        + $"copy what you need, then empty it or {ReviewedChange(ForceDestroyVariable(deletion) + " = true")}");
                    break;
            }
        }

        return blockers;
    }

    private static async Task<string?> TakenSnapshotAsync(PlannedDeletion database, AwsClients aws, CancellationToken cancellationToken)
    {
        if (database.IsOn("skip_final_snapshot"))
        {
            return null;
        }

        if (database.Text("final_snapshot_identifier") is not { Length: > 0 } name)
        {
            return $"{Named(database, "identifier")} needs a final snapshot but has no final_snapshot_identifier — AWS refuses to delete it; set final_snapshot_on_destroy through a reviewed change";
        }

        var existing = await aws.Rds.DescribeDbSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
        return existing is null
            ? null
            : $"the final snapshot name {name} of {Named(database, "identifier")} is already taken (a snapshot of {existing.InstanceIdentifier}"
              + (existing.CreatedAt is { } created ? $" from {created.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : string.Empty)
              + ") — AWS refuses a second one of that name; copy that snapshot under another name and delete it (or delete it if it is not needed), then Destroy again";
    }

    private static string Named(PlannedDeletion deletion, string attribute) =>
        deletion.Text(attribute) is { Length: > 0 } name ? $"{deletion.Address} ({name})" : deletion.Address;

    private static string ReviewedChange(string setting) =>
        $"plan and apply {setting} through a reviewed change (Plan, review, Apply), then Destroy again";

    // The variables of infra/ that switch force_destroy on the stack's two buckets.
    private static string ForceDestroyVariable(PlannedDeletion bucket) => bucket.Name switch
    {
        "logs" => "log_bucket_force_destroy",
        "artifacts" => "artifact_bucket_force_destroy",
        _ => "force_destroy",
    };
}
