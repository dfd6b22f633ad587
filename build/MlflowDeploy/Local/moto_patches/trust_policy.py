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


def _aws_principal_matches(value, caller):
    if value == "*":
        return True
    account = caller["account"]
    if value in (account, f"arn:{caller['partition']}:iam::{account}:root"):
        return True
    return value in caller["arns"]


def _evaluate(document, action, principal_matches, context):
    allowed = False
    for statement in policy_match.statements(document):
        if not policy_match.action_matches(statement, action) or not principal_matches(statement):
            continue
        try:
            applies = policy_match.conditions_hold(statement, context)
        except policy_match.UnsupportedCondition:
            # An Allow that cannot be decided is not granted; a Deny that cannot be decided is applied.
            applies = statement.get("Effect") == "Deny"
        if not applies:
            continue
        if statement.get("Effect") == "Deny":
            return False
        if statement.get("Effect") == "Allow":
            allowed = True
    return allowed


def allows_aws_principal(document, action, caller, context):
    """caller: {"account", "partition", "arns": [the caller's ARNs: user, or role and its session]}."""

    def matches(statement):
        if "NotPrincipal" in statement:
            excluded = statement["NotPrincipal"].get("AWS") if isinstance(statement["NotPrincipal"], dict) else None
            excluded = excluded if isinstance(excluded, list) else [excluded]
            return not any(_aws_principal_matches(v, caller) for v in excluded if v)
        return any(_aws_principal_matches(v, caller) for v in _principal_values(statement, "AWS"))

    return _evaluate(document, action, matches, context)


def allows_web_identity(document, provider_arn, context):
    def matches(statement):
        return any(v in ("*", provider_arn) for v in _principal_values(statement, "Federated"))

    return _evaluate(document, "sts:AssumeRoleWithWebIdentity", matches, context)
