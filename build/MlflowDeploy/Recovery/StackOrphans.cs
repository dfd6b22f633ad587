using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Recovery;

/// <summary>
/// Resources that carry the stack's tags in the account but are in no state: what an apply killed between AWS's answer
/// and terraform's state write leaves behind, or a bucket Destroy kept. Each comes with the address it belongs at in
/// the configuration and the ID <c>terraform import</c> takes, so the next apply adopts it instead of failing to create it.
/// </summary>
public static class StackOrphans
{
    /// <summary>The state attributes <see cref="Find"/> reads: what an import ID or ARN is compared with, and a task definition's family.</summary>
    public static readonly IReadOnlyList<string> StateAttributes = ["arn", "id", "identifier", "name", "bucket", "family"];

    // The attributes an import ID can equal, by type: id for most, the name for a DB instance (whose id is its resource ID).
    private static readonly string[] NameAttributes = ["id", "identifier", "name", "bucket"];

    public static OrphanReport Find(IReadOnlyList<TaggedResource> tagged, IReadOnlyList<StateInstance> state, ConfiguredResources configuration)
    {
        // ARNs are unique across types; names and IDs are not (the DB subnet group and the DB instance are both
        // "<name>-db"), so an import ID only counts as known against the state's instances of its own type. A create
        // cut short leaves its instance tainted with little more than the names it was given (a DB instance: its
        // resource ID and identifier, no ARN), so those count too.
        // Some types keep their ARN only as their id (an ECS service, a load balancer): both count as ARNs.
        var arns = state.SelectMany(i => new[] { i.Text("arn"), i.Text("id") }).OfType<string>().Where(a => a.Length > 0).ToHashSet(StringComparer.Ordinal);
        var ids = state.SelectMany(i => NameAttributes.Select(i.Text).OfType<string>().Where(v => v.Length > 0).Select(v => (i.Type, Value: v)))
            .ToLookup(p => p.Type, p => p.Value, StringComparer.Ordinal);
        var anyId = state.Select(i => i.Text("id")).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var taskFamilies = state.Where(i => i.Type == "aws_ecs_task_definition").Select(i => i.Text("family")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var orphans = new List<OrphanedResource>();
        var notManaged = new List<string>();
        var inState = 0;
        foreach (var resource in tagged)
        {
            var target = ImportTarget.For(resource.Arn, out var reason);
            if (reason is not null)
            {
                notManaged.Add(reason);
                continue;
            }

            var last = resource.Arn[(resource.Arn.LastIndexOfAny(['/', ':']) + 1)..];
            if (arns.Contains(resource.Arn) || (target is null ? anyId.Contains(last) : ids[target.Type].Contains(target.ImportId, StringComparer.Ordinal)))
            {
                inState++;
                continue;
            }

            // ECS keeps every revision it ever registered; the state holds only the current one of a family.
            if (target?.Type == "aws_ecs_task_definition" && taskFamilies.Contains(Family(resource.Arn)))
            {
                notManaged.Add("an earlier revision of the stack's task definition");
                continue;
            }

            var address = target is null ? null : AddressFor(target, resource, configuration, state);
            orphans.Add(new OrphanedResource(resource.Arn, resource.Name, target, address, target is not null && BlocksApply(target, address!, configuration, state)));
        }

        return new OrphanReport(orphans, inState, notManaged);
    }

    /// <summary>
    /// The next apply fails on it when its type's names are unique, the block it belongs at names it outright (no
    /// name_prefix) and the state holds nothing at that address, so terraform would create it again under the same name.
    /// </summary>
    private static bool BlocksApply(ImportTarget target, OrphanAddress address, ConfiguredResources configuration, IReadOnlyList<StateInstance> state)
    {
        if (!target.CreateFailsOnTakenName)
        {
            return false;
        }

        var blocks = configuration.OfType(target.Type).Where(b => address.Value.Split('[')[0] == b.Address).ToList();
        if (blocks.Count == 0 || blocks.Any(b => b.NamePrefixed))
        {
            // No block (a resource the configuration no longer has) or a placeholder address: nothing would be created under its name.
            return false;
        }

        return address.Exact ? state.All(i => i.Address != address.Value) : blocks.All(b => state.All(i => i.Type != b.Type || i.Name != b.Name));
    }

    /// <summary>The configuration address a resource of <paramref name="target"/>'s type belongs at; placeholders (&lt;…&gt;) where the text can't tell.</summary>
    private static OrphanAddress AddressFor(ImportTarget target, TaggedResource resource, ConfiguredResources configuration, IReadOnlyList<StateInstance> state)
    {
        var blocks = configuration.OfType(target.Type);
        if (blocks.Count == 0)
        {
            return new OrphanAddress($"{target.Type}.<name>", Exact: false);
        }

        if (blocks.Count > 1)
        {
            var words = Words($"{resource.Name} {target.ImportId} {resource.Arn}");
            var matching = blocks.Where(b => b.Name.Split('_').All(words.Contains)).ToList();
            if (matching.Count != 1)
            {
                return new OrphanAddress($"{target.Type}.<{string.Join("|", blocks.Select(b => b.Name))}>", Exact: false);
            }

            blocks = matching;
        }

        var block = blocks[0];
        switch (block.Repeat)
        {
            case ResourceRepeat.None:
                return new OrphanAddress(block.Address, Exact: true);
            case ResourceRepeat.Count:
                var present = state.Where(i => i.Type == block.Type && i.Name == block.Name).Select(i => Index(i.Address)).OfType<int>().ToHashSet();
                if (block.AtMostOne && !present.Contains(0))
                {
                    return new OrphanAddress($"{block.Address}[0]", Exact: true);
                }

                // A hole below the highest index in the state is the only place the missing instance can be.
                var holes = present.Count == 0 ? [] : Enumerable.Range(0, present.Max()).Where(i => !present.Contains(i)).ToList();
                return holes.Count == 1
                    ? new OrphanAddress(string.Create(CultureInfo.InvariantCulture, $"{block.Address}[{holes[0]}]"), Exact: true)
                    : new OrphanAddress($"{block.Address}[<index>]", Exact: false);
            default:
                return new OrphanAddress($"{block.Address}[\"<key>\"]", Exact: false);
        }
    }

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split(text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    private static int? Index(string address) =>
        address.EndsWith(']') && address.LastIndexOf('[') is var open and >= 0 && int.TryParse(address[(open + 1)..^1], CultureInfo.InvariantCulture, out var index) ? index : null;

    // arn:aws:ecs:region:account:task-definition/family:revision
    private static string Family(string arn)
    {
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name[..colon];
    }
}
