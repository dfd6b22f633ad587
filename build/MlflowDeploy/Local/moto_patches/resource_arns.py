"""Which resources AWS authorises a call against, for the actions this stack
and the library use (the Service Authorization Reference's resource types).

derive() returns one Authorization per IAM action the call needs: the call's
own action, and the actions AWS checks alongside it (iam:PassRole when a task
definition names roles, the tagging action when tags are set on create, the
CloudWatch alarms a target-tracking policy creates with the caller's rights).

scope says how far to trust the resources:
- "arn": the ARNs AWS uses, built from the request (a generated id that is
  not known before the call, such as a load balancer's, is written as "*"
  characters of the id's length, so only a policy with a wildcard there
  matches it, as on AWS);
- "any": AWS itself authorises the action against "*" (EC2 Describe*, ECS
  RegisterTaskDefinition, ELBv2 Describe*, Secrets Manager GetRandomPassword);
- "unknown": AWS uses a resource the recorder does not derive; recorded as "*"
  and proven at action level only.
"""

from . import arns_compute, arns_data
from .authorization import Authorization, UNKNOWN


def _tag_context(tags):
    if not tags:
        return {}
    context = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
    context["aws:TagKeys"] = sorted(tags)
    return context


_CREATES = ("Create", "Register", "Allocate", "Run", "PutScalingPolicy")

_DERIVERS = {
    "ecs": arns_compute.ecs,
    "elasticloadbalancing": arns_compute.elbv2,
    "ec2": arns_compute.ec2,
    "application-autoscaling": arns_compute.application_autoscaling,
    "rds": arns_data.rds,
    "secretsmanager": arns_data.secrets_manager,
    "logs": arns_data.logs,
    "iam": arns_data.iam,
    "sts": arns_data.sts,
    "acm": arns_data.acm,
}


def derive(call):
    """call: arns_compute.Call. Returns the Authorizations, the call's own first."""
    action = f"{call.service}:{call.action}"
    if call.service == "s3":
        return [Authorization(action, [call.moto_resource], "arn")]
    deriver = _DERIVERS.get(call.service)
    derived = deriver(call) if deriver else None
    own, implied = derived if derived else (None, [])
    if own is None:
        own = Authorization(action, ["*"], UNKNOWN)
    own.action = action
    tags = call.params.tags() if call.action.startswith(_CREATES) else {}
    own.context = {**_tag_context(tags), **own.context}
    for extra in implied:
        extra.implied_by = action
    return [own] + list(implied)
