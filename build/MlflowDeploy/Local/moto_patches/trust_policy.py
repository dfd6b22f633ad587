"""A role's trust policy, evaluated the way STS does for the two ways this
project assumes roles.

moto 5.2.1 compares an AssumeRole caller's ARN with the trust policy's AWS
principal as a plain string, so a trust of the account ("arn:aws:iam::ACCOUNT:root",
how most roles trust their own account) denies every caller; and it reads
only "AWS" principals, so a role that trusts a Federated principal (every
GitHub OIDC role) fails with a TypeError. Conditions other than sts:ExternalId
are not evaluated at all.
"""

from . import policy_match


def _principal_values(statement, kind):
    principal = statement.get("Principal")
    if principal == "*":
        return ["*"]
    if not isinstance(principal, dict):
        return []
    values = principal.get(kind)
    return values if isinstance(values, list) else [values] if values else []


NAMED = "named"  # allowed by a statement that names the caller (or "*"): no identity permission needed
ACCOUNT = "account"  # allowed by a statement that trusts the caller's account: the identity policy must allow too
DENIED = None


def _aws_principal_match(value, caller):
    if value == "*" or value in caller["arns"]:
        return NAMED
    account = caller["account"]
    if value in (account, f"arn:{caller['partition']}:iam::{account}:root"):
        return ACCOUNT
    return DENIED


def _evaluate(document, action, principal_match, context):
    allowed = DENIED
    for statement in policy_match.statements(document):
        matched = principal_match(statement) if policy_match.action_matches(statement, action) else DENIED
        if matched is DENIED:
            continue
        try:
            applies = policy_match.conditions_hold(statement, context)
        except policy_match.UnsupportedCondition:
            # An Allow that cannot be decided is not granted; a Deny that cannot be decided is applied.
            applies = statement.get("Effect") == "Deny"
        if not applies:
            continue
        if statement.get("Effect") == "Deny":
            return DENIED
        if statement.get("Effect") == "Allow" and allowed != NAMED:
            allowed = matched
    return allowed


def allows_aws_principal(document, action, caller, context):
    """NAMED, ACCOUNT or DENIED. caller: {"account", "partition", "arns": the caller's ARNs (user, or role and session)}."""

    def match(statement):
        if "NotPrincipal" in statement:
            excluded = statement["NotPrincipal"].get("AWS") if isinstance(statement["NotPrincipal"], dict) else None
            excluded = excluded if isinstance(excluded, list) else [excluded]
            return DENIED if any(_aws_principal_match(v, caller) for v in excluded if v) else ACCOUNT
        found = [m for m in (_aws_principal_match(v, caller) for v in _principal_values(statement, "AWS")) if m]
        return NAMED if NAMED in found else ACCOUNT if found else DENIED

    return _evaluate(document, action, match, context)


def allows_web_identity(document, provider_arn, context):
    def match(statement):
        return NAMED if any(v in ("*", provider_arn) for v in _principal_values(statement, "Federated")) else DENIED

    return _evaluate(document, "sts:AssumeRoleWithWebIdentity", match, context) == NAMED
