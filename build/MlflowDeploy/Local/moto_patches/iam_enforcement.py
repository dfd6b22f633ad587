"""IAM enforcement that a realistic least-privilege run can use.

moto 5.2.1, with INITIAL_NO_AUTH_ACTION_COUNT=N, lets the first N requests
through and then, for every request: looks the access key up (IAM users'
keys, and keys of sessions STS handed out), re-computes the SigV4 signature,
and evaluates the caller's inline and attached policies against the action
and a resource that is "*" for every service but S3 (and the role ARN for
sts:AssumeRole, whose trust policy it also checks). Conditions are ignored.

What this module changes, and why (each measured against moto 5.2.1 first):

- The signature is checked over the request target as it was sent. moto
  rebuilt it from the decoded URL, so any request whose path or query holds
  a character the SDKs percent-encode (the S3 backend's ListObjectsV2
  ?prefix=env%3A%2F, a key with a colon) failed with SignatureDoesNotMatch.
- Unsigned AssumeRoleWithWebIdentity is answered by web_identity (moto
  crashed on the missing Authorization header); any other unsigned request is
  refused with MissingAuthenticationToken instead of a 500.
- sts:AssumeRole evaluates the trust policy with STS's principal rules
  (trust_policy); moto denied a trust of the account root to everyone.
- Non-S3 calls are decided at action level (policy_match.action_level): an
  Allow for the action counts whatever its Resource. moto matched every
  statement against "*", so a statement scoped to an ARN never matched and a
  correctly scoped role could not work at all. Resource scoping and
  conditions are then proven after the fact by the call record and the C#
  PolicyEvaluator.
- Secrets Manager calls that name an existing secret are decided at resource
  level too, against the secret's full ARN: a role allowed to read one secret
  (the plan role, the verifier's) is refused every other secret's value live,
  not only in the record's evaluation after the stage.
- S3 keeps moto's resource-level check (moto derives bucket and object ARNs),
  with IAM's wildcard rules, the real IAM action names for the bucket
  sub-resources moto misnames (s3_action_names), and DeleteObjects checked
  per key against the object ARNs, as S3 does.
- A role's permissions boundary limits its sessions (moto ignored it), and a
  session past its expiry is refused with ExpiredToken (moto never expired
  them).
"""

from xml.etree import ElementTree

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError, _RESTError
from moto.core.responses import BaseResponse
from moto.core.utils import utcnow
from moto.iam import access_control
from moto.iam.access_control import AssumedRoleAccessKey, IAMPolicy, S3IAMRequest
from moto.iam.models import iam_backends
from moto.s3.exceptions import BucketAccessDeniedError
from moto.secretsmanager.models import secretsmanager_backends

from . import call_recorder, policy_match, principals, s3_action_names, trust_policy, web_identity
from .request_params import RequestParams


def _s3_denied(bucket, message):
    # moto serialises an S3 error by the module its class lives in, so the error stays moto's own class.
    error = BucketAccessDeniedError(bucket)
    error.message = message
    return error


def _refused(response_headers, status, code, message):
    # JSON-protocol services (ECS, Logs, Secrets Manager, autoscaling) answer errors in JSON, with the
    # exception-style code their SDKs map; the Query services answer the XML ErrorResponse.
    if response_headers.get("X-Amz-Target"):
        error = JsonRESTError(code + "Exception" if code == "AccessDenied" else code, message)
    else:
        error = _RESTError(code, message)
    error.code = status
    return error


def _keep_raw_target(original):
    def setup_class(self, request, full_url, headers, *args, **kwargs):
        environ = getattr(request, "environ", {}) or {}
        self.launcher_raw_target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        return original(self, request, full_url, headers, *args, **kwargs)

    return setup_class


def _documents(access_key):
    return [IAMPolicy(p)._policy_json for p in access_key.collect_policies()]


def _boundary(access_key):
    if not isinstance(access_key, AssumedRoleAccessKey):
        return None
    backend = iam_backends[access_key.account_id][access_key.partition]
    role = backend.get_role(access_key._owner_role_name)
    if not role.permissions_boundary_arn:
        return None
    return IAMPolicy(backend.get_policy(role.permissions_boundary_arn))._policy_json


def _denial(access_key, action, resource, why):
    return f"User: {access_key.arn} is not authorized to perform: {action} on resource: {resource} because {why}"


def _decide(request, resource, resource_known):
    access_key = request._access_key
    action = request._action
    if action == "sts:GetCallerIdentity":
        return None
    documents = _documents(access_key)
    boundary = _boundary(access_key)
    decide = (lambda docs: policy_match.resource_level(docs, action, resource)) if resource_known else (
        lambda docs: policy_match.action_level(docs, action))
    verdict = decide(documents)
    if verdict == policy_match.DENY:
        return _denial(access_key, action, resource, f"an identity-based policy explicitly denies the {action} action")
    if verdict != policy_match.ALLOW:
        return _denial(access_key, action, resource, f"no identity-based policy allows the {action} action")
    if boundary is not None and decide([boundary]) != policy_match.ALLOW:
        return _denial(access_key, action, resource, f"no permissions boundary allows the {action} action")
    return None


def _check_permitted(self, resource):
    is_s3 = isinstance(self, S3IAMRequest)
    if self._is_assuming_role_operation(resource):
        # A trust policy that names the caller itself grants the call in its own account without any identity
        # permission (a resource-based policy naming the principal); one that trusts the account delegates to
        # the caller's identity policies. An explicit Deny in those wins either way.
        trust = self._check_role_trust_relationship(resource)
        identity = policy_match.action_level(_documents(self._access_key), self._action)
        if identity == policy_match.DENY:
            reason = _denial(self._access_key, self._action, resource, f"an identity-based policy explicitly denies the {self._action} action")
        elif trust == trust_policy.NAMED:
            return
        elif trust == trust_policy.ACCOUNT:
            reason = _decide(self, resource, resource_known=False)
        else:
            reason = _denial(self._access_key, self._action, resource, "the role's trust policy does not allow it")
    else:
        secret = getattr(self, "launcher_secret_arn", None)
        reason = _decide(self, secret or resource, resource_known=is_s3 or secret is not None)
    if reason is None:
        return
    if is_s3:
        raise _s3_denied(self._data.get("BucketName", ""), reason)
    raise _refused(self._headers, 403, "UnauthorizedOperation" if self._service == "ec2" else "AccessDenied", reason)


def _check_trust(self, role_arn):
    role = self.backend.get_role_by_arn(role_arn)
    identity, caller_arn = principals.principal_of(self._access_key)
    caller = {"account": self.account_id, "partition": self._access_key.partition, "arns": {identity, caller_arn}}
    context = {"aws:PrincipalArn": identity, "aws:PrincipalAccount": self.account_id}
    for name, key in (("ExternalId", "sts:ExternalId"), ("RoleSessionName", "sts:RoleSessionName")):
        if self._data.get(name):
            context[key] = self._data[name][0]
    return trust_policy.allows_aws_principal(role.assume_role_policy_document, self._action, caller, context)


def _deleted_keys(body):
    # DeleteObjects names its keys in the XML body; S3 authorises each one.
    root = ElementTree.fromstring(body)
    for element in root.iter():
        if element.tag.endswith("Object"):
            key = next((c.text for c in element if c.tag.endswith("Key")), None)
            version = next((c.text for c in element if c.tag.endswith("VersionId")), None)
            if key is not None:
                yield key, version


def _authenticate_and_authorize(self, iam_request_cls, resource="*"):
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return
    if self.headers.get("X-Amz-Target") in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
        return
    action = self._get_action()
    if "Authorization" not in self.headers:
        if self.service_name == "sts" and action == "AssumeRoleWithWebIdentity":
            granted = web_identity.authorize(self.querystring, self.region)
            call_recorder.record_web_identity(self, granted)
            return
        raise _refused(self.headers, 403, "MissingAuthenticationToken", "Request is missing Authentication Token")

    target = getattr(self, "launcher_raw_target", None) or self.uri
    request = iam_request_cls(
        account_id=self.current_account, method=self.method, path=target, data=self.data,
        body=self.raw_body, headers=self.headers, action=action)
    request._action = _iam_action(request._action)
    request.check_signature()
    session = principals.session_of(request._access_key)
    if session is not None and session.expiration < utcnow():
        raise _refused(self.headers, 403, "ExpiredToken", "The security token included in the request is expired")

    if iam_request_cls is S3IAMRequest and action == "DeleteObject" and self.method == "POST":
        for key, version in _deleted_keys(self.body):
            request._action = "s3:DeleteObjectVersion" if version else "s3:DeleteObject"
            request.check_action_permitted(f"{resource}/{key}")
            call_recorder.record(self, request, f"{resource}/{key}")
        return

    if self.service_name == "secretsmanager":
        request.launcher_secret_arn = _existing_secret_arn(self)
    request.check_action_permitted(resource)
    call_recorder.record(self, request, resource)


# moto names the action after the request's signing name; IAM names it after the service prefix where the two differ.
_IAM_PREFIX_OF_SIGNING_NAME = {"tagging": "tag", "monitoring": "cloudwatch"}


def _iam_action(action):
    service, _, name = action.partition(":")
    return f"{_IAM_PREFIX_OF_SIGNING_NAME.get(service, service)}:{name}"


def _existing_secret_arn(response):
    """The full ARN of the secret a Secrets Manager call names, when it exists; None otherwise (a create, a list)."""
    secret_id = RequestParams(response).get("SecretId")
    if not secret_id:
        return None
    secret = secretsmanager_backends[response.current_account][response.region].secrets.get(secret_id)
    return secret.arn if secret is not None else None


def install():
    BaseResponse.setup_class = _keep_raw_target(BaseResponse.setup_class)
    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_and_authorize
    access_control.IAMRequestBase.check_action_permitted = _check_permitted
    access_control.IAMRequestBase._check_role_trust_relationship = _check_trust
    s3_action_names.install()
