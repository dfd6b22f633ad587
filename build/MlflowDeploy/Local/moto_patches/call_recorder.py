"""Records every request that passed IAM enforcement, one JSON object per
line, for the C# PolicyEvaluator to check against the caller's policies:

    {"principal": "arn:aws:iam::123456789012:role/mlflow-prod-github-deploy",
     "caller": "arn:aws:sts::123456789012:assumed-role/…/session",
     "action": "ecs:CreateService", "resources": ["arn:aws:ecs:…:service/c/s"],
     "scope": "arn", "region": "eu-west-2", "context": {"aws:RequestedRegion": …},
     "impliedBy": null, "time": "2026-11-30T18:00:00Z"}

principal is the identity whose policies apply (the role, for a session);
scope is explained in resource_arns. A call AWS would also check another
action for (iam:PassRole, tag-on-create, alarms) adds one line per action,
with impliedBy naming the call. Nothing from the request's payload is
written besides names and ARNs: no secret values, no tags' values beyond what
conditions read (aws:RequestTag/*), no policy documents.
"""

import datetime
import json
import threading

from moto.utilities.utils import get_partition

from . import arns_compute, principals, resource_arns
from .request_params import RequestParams

_lock = threading.Lock()
_path = None


def configure(path):
    global _path
    _path = path
    with open(path, "a", encoding="utf-8"):
        pass  # fail at start-up, not at the first call, when the file cannot be written


def _write(entries):
    if _path is None:
        return
    lines = "".join(json.dumps(e, sort_keys=True) + "\n" for e in entries)
    with _lock, open(_path, "a", encoding="utf-8") as out:
        out.write(lines)


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(response, iam_request, moto_resource):
    if _path is None:
        return
    principal, caller = principals.principal_of(iam_request._access_key)
    service, _, action = iam_request._action.partition(":")
    region = iam_request._region
    call = arns_compute.Call(service, action, region, iam_request.account_id, get_partition(region),
                             RequestParams(response), moto_resource)
    base_context = {
        "aws:RequestedRegion": region,
        "aws:PrincipalArn": principal,
        "aws:PrincipalAccount": iam_request.account_id,
        # The emulator is reached over http; the calls it stands in for go over TLS.
        "aws:SecureTransport": "true",
    }
    entries = []
    for authorization in resource_arns.derive(call):
        entries.append({
            "time": _now(), "principal": principal, "caller": caller, "action": authorization.action,
            "resources": authorization.resources, "scope": authorization.scope, "region": region,
            "context": {**base_context, **authorization.context}, "impliedBy": authorization.implied_by,
        })
    _write(entries)


def record_web_identity(response, granted):
    if _path is None:
        return
    _write([{
        "time": _now(), "principal": granted["provider_arn"], "caller": granted.get("sub"),
        "action": "sts:AssumeRoleWithWebIdentity", "resources": [granted["role_arn"]], "scope": "arn",
        "region": response.region, "context": {}, "impliedBy": None,
    }])
