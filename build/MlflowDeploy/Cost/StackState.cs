namespace MlflowDeploy.Cost;

/// <summary>
/// The stack on one side of a plan: its resources with their priced attributes, and how they link
/// (a service to its task definition and to its autoscaling target).
/// </summary>
public sealed class StackState
{
    private readonly ConfigurationReferences _references;

    public StackState(IReadOnlyList<ResourceState> resources, ConfigurationReferences references)
    {
        Resources = resources;
        _references = references;
    }

    public IReadOnlyList<ResourceState> Resources { get; }

    /// <summary>
    /// The task definition an ECS service runs: by the ARN or family the service names, else by the resource its
    /// configuration refers to (a new revision's ARN is unknown until apply), else the stack's only one.
    /// </summary>
    public ResourceState? TaskDefinitionOf(ResourceState service)
    {
        var definitions = OfType("aws_ecs_task_definition");
        if (service.String("task_definition") is { Length: > 0 } named)
        {
            var byArn = definitions.FirstOrDefault(d => d.String("arn") == named);
            if (byArn is not null)
            {
                return byArn;
            }
            var family = FamilyOf(named);
            var byFamily = definitions.Where(d => d.String("family") == family).ToList();
            if (byFamily.Count == 1)
            {
                return byFamily[0];
            }
        }
        var referenced = _references.Of(service.BaseAddress, "task_definition");
        var linked = definitions.Where(d => referenced.Contains(d.BaseAddress)).ToList();
        if (linked.Count == 1)
        {
            return linked[0];
        }
        return definitions.Count == 1 ? definitions[0] : null;
    }

    /// <summary>
    /// The Application Auto Scaling target of an ECS service's desired count: its resource_id is
    /// "service/&lt;cluster&gt;/&lt;service&gt;"; when that is unknown, the target whose configuration refers to the service.
    /// </summary>
    public ResourceState? AutoscalingTargetOf(ResourceState service)
    {
        var targets = OfType("aws_appautoscaling_target")
            .Where(t => t.String("service_namespace") is null or "ecs" && t.String("scalable_dimension") is null or "ecs:service:DesiredCount")
            .ToList();
        var name = service.String("name");
        var cluster = LastSegment(service.String("cluster"));
        foreach (var target in targets)
        {
            var parts = target.String("resource_id")?.Split('/');
            if (parts is ["service", var targetCluster, var targetService] && targetService == name
                && (cluster is null || targetCluster == cluster))
            {
                return target;
            }
        }
        return targets.FirstOrDefault(t => _references.Of(t.BaseAddress, "resource_id").Contains(service.BaseAddress));
    }

    public List<ResourceState> OfType(string type) => Resources.Where(r => r.Type == type).ToList();

    /// <summary>"arn:aws:ecs:…:task-definition/mlflow:3" or "mlflow:3" or "mlflow" → "mlflow".</summary>
    private static string FamilyOf(string taskDefinition)
    {
        var name = LastSegment(taskDefinition) ?? taskDefinition;
        var colon = name.IndexOf(':');
        return colon > 0 ? name[..colon] : name;
    }

    /// <summary>"arn:aws:ecs:eu-west-2:1:cluster/mlflow" → "mlflow"; a plain name stays as it is.</summary>
    private static string? LastSegment(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var slash = value.LastIndexOf('/');
        return slash >= 0 ? value[(slash + 1)..] : value;
    }
}
