"""Bucket policies evaluated with their conditions.

moto 5.2.1 checks a bucket's policy on every object GET, PUT, DELETE and HEAD,
but ignores the policy's conditions. The usual TLS-only statement

    {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

(infra/bootstrap's state bucket has it) therefore denied every object request
with a bare 403, so the S3 state backend could not read or write its state.

Here a statement applies only when its conditions hold for the request as AWS
would see it: the emulator is reached over http, but the calls it stands in
for go over TLS, so aws:SecureTransport is "true". A condition on any other
key, or an operator policy_match does not evaluate, fails closed: a Deny
applies, an Allow does not. As in moto, only "*" principals are matched.
"""

from moto.iam.access_control import PermissionResult
from moto.s3.models import FakeBucket

from . import policy_match

_CONTEXT = {"aws:SecureTransport": "true"}


def _applies(statement):
    principal = statement.get("Principal")
    if principal != "*" and not (isinstance(principal, dict) and principal.get("AWS") == "*"):
        return False
    try:
        return policy_match.conditions_hold(statement, _CONTEXT)
    except policy_match.UnsupportedCondition:
        return statement.get("Effect") == "Deny"


def get_permission(self, action, resource):
    if self.policy is None:
        return PermissionResult.NEUTRAL
    verdict = PermissionResult.NEUTRAL
    for statement in policy_match.statements(self.policy.decode()):
        if not (policy_match.action_matches(statement, action) and policy_match.resource_matches(statement, resource)):
            continue
        if not _applies(statement):
            continue
        if statement.get("Effect") == "Deny":
            return PermissionResult.DENIED
        verdict = PermissionResult.PERMITTED
    return verdict


def patch_bucket_policy_conditions():
    FakeBucket.get_permission = get_permission
