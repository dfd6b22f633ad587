"""AssumeRoleWithWebIdentity the way STS answers a GitHub Actions OIDC token.

Real STS takes this call unsigned: the token is the credential. moto 5.2.1's
authorizer reads the Authorization header of every request once enforcement
is on, so the call crashed (KeyError: 'HTTP_AUTHORIZATION', a 500). Here the
token is checked instead, in STS's order:

- the issuer must be an IAM OIDC provider in the role's account, and the
  token's audience one of that provider's client ids (InvalidIdentityToken);
- the token must not have expired (ExpiredTokenException);
- the role must exist and its trust policy allow sts:AssumeRoleWithWebIdentity
  for that provider, with its conditions evaluated against the token's
  claims (AccessDenied);
- DurationSeconds may not exceed the role's MaxSessionDuration.

NOT emulated: the token's signature. STS verifies it against the issuer's
published keys; here any well-formed token with the right claims is
accepted, so a test can craft one. Everything after the signature check is
as STS does it.
"""

import base64
import binascii
import json
import time

from moto.core.exceptions import _RESTError
from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

from . import trust_policy

# The claims STS exposes as condition keys for every OIDC provider, and the
# provider-specific ones it exposes for GitHub (AWS STS, January 2026). Other
# claims in a token are not in the request context, as on AWS.
_STANDARD_CLAIMS = ("aud", "sub", "amr")
_GITHUB_HOST = "token.actions.githubusercontent.com"
_GITHUB_CLAIMS = (
    "actor", "actor_id", "job_workflow_ref", "repository", "repository_id",
    "workflow", "ref", "environment", "enterprise_id",
)


class StsError(_RESTError):
    def __init__(self, status, code, message):
        super().__init__(code, message)
        self.code = status


def _decode_part(part):
    padded = part + "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def decode_claims(token):
    parts = (token or "").split(".")
    if len(parts) != 3:
        raise StsError(400, "InvalidIdentityToken", "The ID token provided is not a valid JWT (expected three dot-separated parts).")
    try:
        claims = _decode_part(parts[1])
    except (ValueError, binascii.Error, UnicodeError):
        raise StsError(400, "InvalidIdentityToken", "The ID token's payload is not base64url-encoded JSON.")
    if not isinstance(claims, dict):
        raise StsError(400, "InvalidIdentityToken", "The ID token's payload is not a JSON object.")
    return claims


def claims_context(host, claims):
    keys = _STANDARD_CLAIMS + (_GITHUB_CLAIMS if host == _GITHUB_HOST else ())
    return {f"{host}:{key}": claims[key] for key in keys if key in claims}


def _provider(backend, partition, account, issuer):
    host = issuer[len("https://"):] if issuer.startswith("https://") else None
    if not host:
        raise StsError(400, "InvalidIdentityToken", f"The token's issuer '{issuer}' is not an https URL.")
    arn = f"arn:{partition}:iam::{account}:oidc-provider/{host}"
    try:
        return backend.get_open_id_connect_provider(arn), host, arn
    except Exception:
        raise StsError(400, "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {issuer}")


def authorize(params, region):
    """Raises an STS error unless the call would be granted; params: the request's form fields."""

    def param(name):
        value = params.get(name)
        return value[0] if isinstance(value, list) else value

    role_arn = param("RoleArn") or ""
    account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ""
    partition = get_partition(region)
    backend = iam_backends[account][partition] if account else None
    claims = decode_claims(param("WebIdentityToken"))

    provider, host, provider_arn = _provider(backend, partition, account, str(claims.get("iss", ""))) if backend else (None, None, None)
    if provider is None:
        raise StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if not any(a in provider.client_id_list for a in audiences):
        raise StsError(400, "InvalidIdentityToken", "Incorrect token audience")
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= time.time():
        raise StsError(400, "ExpiredTokenException", "Token expired: the token's exp claim is missing or in the past")

    try:
        role = backend.get_role_by_arn(role_arn)
    except Exception:
        raise StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    if not trust_policy.allows_web_identity(role.assume_role_policy_document, provider_arn, claims_context(host, claims)):
        raise StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")

    duration = int(param("DurationSeconds") or 3600)
    if duration > int(role.max_session_duration or 3600):
        raise StsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    return {"role_arn": role.arn, "provider_arn": provider_arn, "sub": claims.get("sub")}
