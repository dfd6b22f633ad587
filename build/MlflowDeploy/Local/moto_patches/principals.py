"""Who made a signed request: the identity whose policies apply and the caller's own ARN."""

from moto.iam.access_control import AssumedRoleAccessKey
from moto.sts.models import sts_backends


def session_of(access_key):
    """The STS session behind an assumed-role key (moto's AssumedRole), or None for a user's key."""
    if not isinstance(access_key, AssumedRoleAccessKey):
        return None
    for assumed in sts_backends[access_key.account_id][access_key.partition].assumed_roles:
        if assumed.access_key_id == access_key._access_key_id:
            return assumed
    return None


def principal_of(access_key):
    """(identity ARN whose policies apply, the caller's own ARN): the role and its session, or the user twice."""
    session = session_of(access_key)
    if session is not None:
        return session.role_arn, access_key.arn
    return access_key.arn, access_key.arn
