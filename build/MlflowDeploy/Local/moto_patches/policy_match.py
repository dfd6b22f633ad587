"""The parts of IAM policy evaluation the launcher does itself: matching
actions, resources and principals with IAM's wildcards, and the string and
ARN condition operators that trust policies use. moto's own matcher treats
patterns as regular expressions (a "." in a bucket name matches any
character) and ignores conditions; this one follows IAM's rules.

The full evaluator, with every condition operator and the report of calls
that real AWS would deny, is the C# PolicyEvaluator; this module only needs
what a live check and a trust policy need.
"""

import json
import re

ALLOW = "allow"
DENY = "deny"
NO_MATCH = "none"


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def wildcard_matches(pattern, value, ignore_case=False):
    # IAM wildcards: * is any run of characters, ? exactly one; nothing else is special.
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(regex, value, flags) is not None


def statements(document):
    if isinstance(document, str):
        document = json.loads(document)
    return _as_list(document.get("Statement"))


def action_matches(statement, action):
    if "NotAction" in statement:
        return not any(wildcard_matches(p, action, ignore_case=True) for p in _as_list(statement["NotAction"]))
    return any(wildcard_matches(p, action, ignore_case=True) for p in _as_list(statement.get("Action")))


def resource_matches(statement, resource):
    if "NotResource" in statement:
        return not any(wildcard_matches(p, resource) for p in _as_list(statement["NotResource"]))
    return any(wildcard_matches(p, resource) for p in _as_list(statement.get("Resource")))


def action_level(documents, action):
    """Is the action granted at all, whatever the resource and conditions?

    What the live check can decide without knowing a call's resource: an
    Allow statement for the action counts whatever its Resource; a Deny counts
    only when it covers every resource unconditionally. Resource-scoped and
    conditional statements are left to the evaluator, which sees the ARN.
    """
    verdict = NO_MATCH
    for document in documents:
        for statement in statements(document):
            if not action_matches(statement, action):
                continue
            if statement.get("Effect") == "Deny":
                covers_all = "NotResource" not in statement and "*" in _as_list(statement.get("Resource"))
                if covers_all and not statement.get("Condition"):
                    return DENY
            elif statement.get("Effect") == "Allow":
                verdict = ALLOW
    return verdict


def resource_level(documents, action, resource):
    """The same with the resource known (S3, whose ARNs moto derives itself); conditions are left to the evaluator."""
    verdict = NO_MATCH
    for document in documents:
        for statement in statements(document):
            if not action_matches(statement, action) or not resource_matches(statement, resource):
                continue
            if statement.get("Effect") == "Deny":
                if not statement.get("Condition"):
                    return DENY
            elif statement.get("Effect") == "Allow":
                verdict = ALLOW
    return verdict


_NEGATED = ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike")


def _compare(operator, expected, actual):
    if operator in ("StringEquals", "StringNotEquals"):
        return actual == expected
    if operator in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return actual.lower() == expected.lower()
    if operator in ("StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"):
        return wildcard_matches(expected, actual)
    if operator == "Bool":
        return actual.lower() == str(expected).lower()
    raise UnsupportedCondition(operator)


class UnsupportedCondition(Exception):
    """A condition operator this module does not evaluate; the statement then does not apply (fails closed)."""


def condition_holds(operator_name, expectations, context):
    """One operator block of a Condition: every key must hold; any listed value may match."""
    qualifier, _, operator = operator_name.rpartition(":")
    if_exists = operator.endswith("IfExists")
    operator = operator[: -len("IfExists")] if if_exists else operator
    for key, expected in expectations.items():
        actual = _as_list(context.get(key))
        expected_values = [str(v) for v in _as_list(expected)]
        if operator == "Null":
            if (not actual) != (expected_values[0].lower() == "true"):
                return False
            continue
        if not actual:
            # A missing key: IfExists and negated operators hold, ForAllValues holds vacuously.
            if not (if_exists or operator in _NEGATED or qualifier == "ForAllValues"):
                return False
            continue
        negated = operator in _NEGATED
        matches = [any(_compare(operator, e, str(a)) for e in expected_values) for a in actual]
        if qualifier == "ForAllValues":
            holds = all(not m for m in matches) if negated else all(matches)
        else:
            holds = not any(matches) if negated else any(matches)
        if not holds:
            return False
    return True


def conditions_hold(statement, context):
    return all(condition_holds(op, block, context) for op, block in (statement.get("Condition") or {}).items())
