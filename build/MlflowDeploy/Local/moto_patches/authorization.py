"""One IAM authorization a call needs: an action, the resources AWS checks it
against, how far those resources are known (scope), and the condition keys
the request supplies."""

ANY = "any"  # AWS itself authorises the action against "*"
ARN = "arn"  # the ARNs AWS uses, derived from the request
UNKNOWN = "unknown"  # AWS uses a resource the recorder does not derive: "*", proven at action level only


class Authorization:
    def __init__(self, action, resources, scope, context=None, implied_by=None):
        self.action = action
        self.resources = resources
        self.scope = scope
        self.context = context or {}
        self.implied_by = implied_by


def any_resource(action=None, context=None):
    return Authorization(action, ["*"], ANY, context)


def on(resources, action=None, context=None):
    """Authorization against the given ARNs; UNKNOWN when none could be derived."""
    resources = [r for r in resources if r]
    if not resources:
        return Authorization(action, ["*"], UNKNOWN, context)
    return Authorization(action, resources, ARN, context)


def generated(length):
    # An id AWS generates during the call: its length in "*", so that only a policy with a wildcard there matches.
    return "*" * length
