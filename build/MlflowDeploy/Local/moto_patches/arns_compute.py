"""Resources of ECS, ELBv2, EC2 and application-autoscaling calls (see resource_arns)."""

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.ec2.models import ec2_backends
from moto.ecs.models import ecs_backends

from .application_autoscaling_tags import tags_of
from .authorization import Authorization, any_resource, generated, on


class Call:
    def __init__(self, service, action, region, account, partition, params, moto_resource):
        self.service = service
        self.action = action
        self.region = region
        self.account = account
        self.partition = partition
        self.params = params
        self.moto_resource = moto_resource

    def arn(self, service, resource, region=None, account=None):
        region = self.region if region is None else region
        account = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{region}:{account}:{resource}"


def _last(value, separator="/"):
    return value.split(separator)[-1] if value else value


# ---- ECS ------------------------------------------------------------------

def _cluster(call):
    return _last(call.params.get("cluster") or "default")


def _task_definition_arn(call, value):
    if not value:
        return None
    if value.startswith("arn:"):
        return value
    try:
        return ecs_backends[call.account][call.region].describe_task_definition(value).arn
    except Exception:
        return call.arn("ecs", f"task-definition/{value}" if ":" in value else f"task-definition/{value}:*")


def _pass_roles(call, service_principal, *role_arns):
    return [Authorization("iam:PassRole", [arn], "arn", {"iam:PassedToService": service_principal}) for arn in role_arns if arn]


def ecs(call):
    a, p = call.action, call.params
    cluster = _cluster(call)
    if a in ("CreateCluster", "ListClusters", "ListServices", "ListTaskDefinitions", "ListTaskDefinitionFamilies",
             "RegisterTaskDefinition", "DeregisterTaskDefinition", "DescribeTaskDefinition"):
        implied = _pass_roles(call, "ecs-tasks.amazonaws.com", p.get("executionRoleArn"), p.get("taskRoleArn")) if a == "RegisterTaskDefinition" else []
        return any_resource(), implied
    if a in ("CreateService", "UpdateService", "DeleteService"):
        name = _last(p.get("serviceName") or p.get("service"))
        context = {"ecs:cluster": call.arn("ecs", f"cluster/{cluster}")}
        if p.get("taskDefinition"):
            context["ecs:task-definition"] = _task_definition_arn(call, p.get("taskDefinition"))
        implied = _pass_roles(call, "ecs.amazonaws.com", p.get("role"))
        return on([call.arn("ecs", f"service/{cluster}/{name}")], context=context), implied
    if a == "DescribeServices":
        return on([call.arn("ecs", f"service/{cluster}/{_last(s)}") for s in p.get("services") or []]), []
    if a in ("DescribeClusters",):
        return on([call.arn("ecs", f"cluster/{_last(c)}") for c in p.get("clusters") or ["default"]]), []
    if a in ("DeleteCluster", "UpdateCluster", "PutClusterCapacityProviders"):
        return on([call.arn("ecs", f"cluster/{cluster}")]), []
    if a in ("DescribeTasks", "StopTask"):
        tasks = p.get("tasks") or [p.get("task")]
        return on([t if t and t.startswith("arn:") else call.arn("ecs", f"task/{cluster}/{t}") for t in tasks if t]), []
    if a == "RunTask":
        context = {"ecs:cluster": call.arn("ecs", f"cluster/{cluster}")}
        return on([_task_definition_arn(call, p.get("taskDefinition"))], context=context), []
    if a == "ListTasks":
        # AWS names the container-instance resource type with an ecs:cluster condition; no ARN is derived.
        return Authorization(None, ["*"], "unknown", {"ecs:cluster": call.arn("ecs", f"cluster/{cluster}")}), []
    if a in ("TagResource", "UntagResource", "ListTagsForResource"):
        return on([p.get("resourceArn")]), []
    return None


# ---- ELBv2 ----------------------------------------------------------------

def _elb(call, resource):
    return call.arn("elasticloadbalancing", resource)


def _elb_tags(call, arn):
    return [Authorization("elasticloadbalancing:AddTags", [arn], "arn")] if call.params.tags() else []


def elbv2(call):
    a, p = call.action, call.params
    if a.startswith("Describe"):
        return any_resource(), []
    if a == "CreateLoadBalancer":
        arn = _elb(call, f"loadbalancer/app/{p.get('Name')}/{generated(16)}")
        return on([arn]), _elb_tags(call, arn)
    if a == "CreateTargetGroup":
        arn = _elb(call, f"targetgroup/{p.get('Name')}/{generated(16)}")
        return on([arn]), _elb_tags(call, arn)
    if a == "CreateListener":
        load_balancer = p.get("LoadBalancerArn") or ""
        listener = load_balancer.replace(":loadbalancer/", ":listener/") + "/" + generated(16)
        return on([load_balancer]), _elb_tags(call, listener)
    for name in ("LoadBalancerArn", "TargetGroupArn", "ListenerArn", "RuleArn"):
        if p.get(name):
            return on([p.get(name)]), []
    if a in ("AddTags", "RemoveTags"):
        return on(p.members("ResourceArns")), []
    return None


# ---- EC2 ------------------------------------------------------------------

_EC2_ID_TYPES = {
    "vpc-": "vpc", "subnet-": "subnet", "sg-": "security-group", "rtb-": "route-table",
    "igw-": "internet-gateway", "nat-": "natgateway", "eipalloc-": "elastic-ip", "sgr-": "security-group-rule",
    "acl-": "network-acl", "eni-": "network-interface", "fl-": "vpc-flow-log",
}

_EC2_CREATES = {
    "CreateVpc": "vpc", "CreateSubnet": "subnet", "CreateSecurityGroup": "security-group",
    "CreateRouteTable": "route-table", "CreateInternetGateway": "internet-gateway",
    "CreateNatGateway": "natgateway", "AllocateAddress": "elastic-ip", "CreateFlowLogs": "vpc-flow-log",
}


def _ec2_arn(call, resource_id):
    for prefix, kind in _EC2_ID_TYPES.items():
        if resource_id and resource_id.startswith(prefix):
            return call.arn("ec2", f"{kind}/{resource_id}")
    return None


def _ec2_resource_tags(call, resource_id):
    return _resource_tag_context(ec2_backends[call.account][call.region].tags.get(resource_id, {}))


def _resource_tag_context(tags):
    return {f"aws:ResourceTag/{k}": v for k, v in tags.items()}


def _association_owner(call, association_id):
    backend = ec2_backends[call.account][call.region]
    for table in backend.route_tables.values():
        if association_id in getattr(table, "_associations", {}):
            return table.id
    for address in backend.addresses:
        if address.association_id == association_id:
            return address.allocation_id
    return None


def ec2(call):
    a, p = call.action, call.params
    if a.startswith("Describe"):
        return any_resource(), []
    ids = [p.get(n) for n in ("VpcId", "SubnetId", "GroupId", "RouteTableId", "InternetGatewayId", "NatGatewayId",
                              "AllocationId", "GatewayId")]
    ids += p.members("SecurityGroupRuleId") + p.members("ResourceId") + p.members("FlowLogId")
    if p.get("AssociationId"):
        ids.append(_association_owner(call, p.get("AssociationId")))
    existing = [i for i in ids if i]
    resources = [_ec2_arn(call, i) for i in existing]
    context = {}
    for resource_id in existing:
        context.update(_ec2_resource_tags(call, resource_id))
    implied = []
    if a in _EC2_CREATES:
        # EC2 authorises a create against "<type>/*", plus the existing resources it names (vpc, subnet, EIP).
        new = call.arn("ec2", f"{_EC2_CREATES[a]}/*")
        resources.insert(0, new)
        if call.params.tags():
            implied.append(Authorization("ec2:CreateTags", [new], "arn", {"ec2:CreateAction": a}))
    if a in ("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress") and call.params.tags():
        implied.append(Authorization("ec2:CreateTags", [call.arn("ec2", "security-group-rule/*")], "arn", {"ec2:CreateAction": a}))
    authorization = on(resources, context=context)
    return authorization, implied


# ---- application-autoscaling ----------------------------------------------

def application_autoscaling(call):
    a, p = call.action, call.params
    if a in ("TagResource", "UntagResource", "ListTagsForResource"):
        return on([p.get("ResourceARN")]), []
    implied = []
    resource_id = p.get("ResourceId")
    if a == "PutScalingPolicy" and p.get("PolicyType") == "TargetTrackingScaling":
        # Target tracking creates its two alarms with the caller's rights.
        alarms = [call.arn("cloudwatch", f"alarm:TargetTracking-{resource_id}-{kind}-{generated(36)}") for kind in ("AlarmHigh", "AlarmLow")]
        implied.append(Authorization("cloudwatch:PutMetricAlarm", alarms, "arn"))
    if a == "DeleteScalingPolicy":
        implied.append(Authorization("cloudwatch:DeleteAlarms", [call.arn("cloudwatch", f"alarm:TargetTracking-{resource_id}-*")], "arn"))
    # Scalable-target ARNs carry a random id that the request does not name: "*", as the stack's roles grant it.
    scope = "any" if a.startswith("Describe") else "unknown"
    context = {} if a.startswith("Describe") else _scalable_target_tags(call, resource_id, p.get("ScalableDimension"))
    return Authorization(None, ["*"], scope, context), implied


def _scalable_target_tags(call, resource_id, dimension):
    # A call on an existing target (RegisterScalableTarget again, to change its capacity) is authorised with that
    # target's tags as aws:ResourceTag/*; a target being created has none.
    backend = applicationautoscaling_backends[call.account][call.region]
    target = backend.targets.get(dimension, {}).get(resource_id) if resource_id and dimension else None
    return _resource_tag_context(tags_of(backend, target.arn)) if target else {}
