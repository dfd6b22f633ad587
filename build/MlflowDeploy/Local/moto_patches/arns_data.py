"""Resources of RDS, Secrets Manager, CloudWatch Logs, IAM, STS and ACM calls (see resource_arns)."""

from moto.iam.models import iam_backends
from moto.secretsmanager.models import secretsmanager_backends

from .authorization import Authorization, any_resource, generated, on


# ---- RDS ------------------------------------------------------------------

def _rds(call, kind, name):
    return call.arn("rds", f"{kind}:{name}") if name else None


def _rds_tags(call, arn):
    return [Authorization("rds:AddTagsToResource", [arn], "arn")] if call.params.tags() and arn else []


def rds(call):
    a, p = call.action, call.params
    instance = p.get("DBInstanceIdentifier")
    if a == "CreateDBInstance":
        engine = p.get("Engine") or ""
        version = (p.get("EngineVersion") or "").split(".")[0]
        option_group = p.get("OptionGroupName") or (f"default:{engine}-{version}" if version else f"default:{engine}-*")
        db = _rds(call, "db", instance)
        resources = [db, _rds(call, "og", option_group), _rds(call, "pg", p.get("DBParameterGroupName")),
                     _rds(call, "subgrp", p.get("DBSubnetGroupName"))]
        return on(resources), _rds_tags(call, db)
    if a == "DeleteDBInstance":
        implied = []
        snapshot = p.get("FinalDBSnapshotIdentifier")
        if snapshot and (p.get("SkipFinalSnapshot") or "false").lower() != "true":
            implied.append(Authorization("rds:CreateDBSnapshot", [_rds(call, "snapshot", snapshot), _rds(call, "db", instance)], "arn"))
        return on([_rds(call, "db", instance)]), implied
    if a in ("DescribeDBInstances", "ModifyDBInstance", "RebootDBInstance"):
        return (on([_rds(call, "db", instance)]) if instance else any_resource()), []
    if a in ("CreateDBParameterGroup", "DeleteDBParameterGroup", "ModifyDBParameterGroup", "DescribeDBParameters",
             "DescribeDBParameterGroups", "ResetDBParameterGroup"):
        name = p.get("DBParameterGroupName")
        arn = _rds(call, "pg", name)
        return (on([arn]) if name else any_resource()), (_rds_tags(call, arn) if a.startswith("Create") else [])
    if a in ("CreateDBSubnetGroup", "DeleteDBSubnetGroup", "ModifyDBSubnetGroup", "DescribeDBSubnetGroups"):
        name = p.get("DBSubnetGroupName")
        arn = _rds(call, "subgrp", name)
        return (on([arn]) if name else any_resource()), (_rds_tags(call, arn) if a.startswith("Create") else [])
    if a in ("ListTagsForResource", "AddTagsToResource", "RemoveTagsFromResource"):
        return on([p.get("ResourceName")]), []
    if a in ("DescribeDBSnapshots", "DeleteDBSnapshot"):
        snapshot = p.get("DBSnapshotIdentifier")
        return (on([_rds(call, "snapshot", snapshot)]) if snapshot else any_resource()), []
    if a in ("DescribeDBEngineVersions", "DescribeOrderableDBInstanceOptions", "DescribeEngineDefaultParameters"):
        return any_resource(), []
    return None


# ---- Secrets Manager -------------------------------------------------------

def secrets_manager(call):
    a, p = call.action, call.params
    if a in ("GetRandomPassword", "ListSecrets", "BatchGetSecretValue"):
        return any_resource(), []
    if a == "CreateSecret":
        return on([call.arn("secretsmanager", f"secret:{p.get('Name')}-{generated(6)}")]), []
    secret_id = p.get("SecretId")
    if not secret_id:
        return None
    secret = secretsmanager_backends[call.account][call.region].secrets.get(secret_id)
    if secret is not None:
        return on([secret.arn]), []
    if secret_id.startswith("arn:"):
        return on([secret_id]), []
    return on([call.arn("secretsmanager", f"secret:{secret_id}-{generated(6)}")]), []


# ---- CloudWatch Logs --------------------------------------------------------

def logs(call):
    # AWS's own ARN for log-group and log-stream actions has both parts, empty when the request names none:
    # DescribeLogGroups is checked against "log-group::log-stream:", CreateLogGroup against "log-group:NAME:log-stream:".
    a, p = call.action, call.params
    if a in ("ListTagsForResource", "TagResource", "UntagResource"):
        return on([p.get("resourceArn")]), []
    group = p.get("logGroupName") or ""
    if not group and p.get("logGroupIdentifier"):
        group = p.get("logGroupIdentifier").split(":log-group:")[-1].removesuffix(":*")
    stream = p.get("logStreamName") or ""
    return on([call.arn("logs", f"log-group:{group}:log-stream:{stream}")]), []


# ---- IAM --------------------------------------------------------------------

_ROLE_ACTIONS_WITH_BOUNDARY_KEY = (
    "AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "DeleteRolePermissionsBoundary",
)


def _role(call, name):
    if not name:
        return None, None
    try:
        role = iam_backends[call.account][call.partition].get_role(name)
        return role.arn, role.permissions_boundary_arn
    except Exception:
        return f"arn:{call.partition}:iam::{call.account}:role/{name}", None


def iam(call):
    a, p = call.action, call.params
    iam_arn = lambda resource: call.arn("iam", resource, region="")  # noqa: E731 - IAM ARNs have no region
    if a == "CreateRole":
        arn = iam_arn(f"role{p.get('Path') or '/'}{p.get('RoleName')}")
        context = {"iam:PermissionsBoundary": p.get("PermissionsBoundary")} if p.get("PermissionsBoundary") else {}
        implied = [Authorization("iam:TagRole", [arn], "arn")] if p.tags() else []
        return on([arn], context=context), implied
    if a == "CreateServiceLinkedRole":
        return any_resource(context={"iam:AWSServiceName": p.get("AWSServiceName")}), []
    if p.get("RoleName"):
        arn, boundary = _role(call, p.get("RoleName"))
        context = {}
        if a in ("AttachRolePolicy", "DetachRolePolicy") and p.get("PolicyArn"):
            context["iam:PolicyARN"] = p.get("PolicyArn")
        if a == "PutRolePermissionsBoundary" and p.get("PermissionsBoundary"):
            context["iam:PermissionsBoundary"] = p.get("PermissionsBoundary")
        elif a in _ROLE_ACTIONS_WITH_BOUNDARY_KEY and boundary:
            context["iam:PermissionsBoundary"] = boundary
        return on([arn], context=context), []
    if p.get("PolicyArn"):
        return on([p.get("PolicyArn")]), []
    if p.get("OpenIDConnectProviderArn"):
        return on([p.get("OpenIDConnectProviderArn")]), []
    if p.get("UserName"):
        return on([iam_arn(f"user/{p.get('UserName')}")]), []
    return None


# ---- STS and ACM ------------------------------------------------------------

def sts(call):
    if call.action in ("AssumeRole", "AssumeRoleWithWebIdentity"):
        return on([call.params.get("RoleArn")]), []
    return any_resource(), []


def acm(call):
    if call.params.get("CertificateArn"):
        return on([call.params.get("CertificateArn")]), []
    return any_resource(), []
