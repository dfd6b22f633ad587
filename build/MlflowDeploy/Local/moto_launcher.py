"""Start moto 5.2.1's server with the few handlers this project's Terraform needs.

Usage (the arguments are moto.server.main's own, passed through unchanged):

    python3 moto_launcher.py -H 127.0.0.1 -p PORT

    -H / --host   address to bind; use 127.0.0.1, not localhost, so S3 clients
                  pick path-style addressing without extra settings
    -p / --port   port to listen on (moto's default is 5000 or $MOTO_PORT)

Environment the caller should set:

    MOTO_IAM_LOAD_MANAGED_POLICIES=true   so AmazonECSTaskExecutionRolePolicy exists
    MOTO_ECS_SERVICE_RUNNING=<N>          new ECS services report N running tasks
    MOTO_LAUNCHER_PARENT_PID=<pid>        exit when that process is gone

Why a launcher at all: moto 5.2.1's application-autoscaling has no
ListTagsForResource, TagResource or UntagResource. It answers them with a 500,
and the AWS provider retries aws_appautoscaling_target for over six minutes
before it gives up. The handlers below keep tags per scalable-target ARN in the
region's backend, so provider default_tags read back what was written and the
next plan is clean.

A second, smaller patch: moto stores parameters set through
ModifyDBParameterGroup without the "Source": "user" field that RDS reports for
them. The provider keeps only user-sourced parameters when it reads a
parameter group, so every plan would show rds.force_ssl being added again.

Two more keep what AWS keeps, so that the first plan after an apply is empty
on its own merits rather than after a converging second apply:
- CreateService drops healthCheckGracePeriodSeconds and
  availabilityZoneRebalancing (UpdateService stores them; create does not);
- a security-group rule that references another group keeps its Description
  in the group pair, but DescribeSecurityGroupRules reads the description of
  CIDR rules only, so aws_vpc_security_group_*_rule with
  referenced_security_group_id always read back with no description.
"""

import json
import os
import sys
import threading
import time

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.ec2.models.security_groups import SecurityGroupBackend, SecurityGroupRule
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.rds.models import DBParameterGroup
from moto.server import main as moto_server_main


def _tag_store(response):
    # Kept on the backend object so that POST /moto-api/reset, which
    # re-initialises every backend, wipes the tags together with the targets.
    backend = response.applicationautoscaling_backend
    if not hasattr(backend, "launcher_tags"):
        backend.launcher_tags = {}
    return backend.launcher_tags


def _register_scalable_target_keeping_tags(original):
    # RegisterScalableTarget carries the create-time tags (default_tags
    # included); moto ignores them, so without this the first read shows drift.
    def register_scalable_target(self):
        body = original(self)
        tags = self._get_param("Tags")
        if tags:
            arn = json.loads(body)["ScalableTargetARN"]
            _tag_store(self).setdefault(arn, {}).update(tags)
        return body

    return register_scalable_target


def list_tags_for_resource(self):
    arn = self._get_param("ResourceARN")
    return json.dumps({"Tags": dict(_tag_store(self).get(arn, {}))})


def tag_resource(self):
    arn = self._get_param("ResourceARN")
    _tag_store(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
    return json.dumps({})


def untag_resource(self):
    arn = self._get_param("ResourceARN")
    tags = _tag_store(self).get(arn, {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return json.dumps({})


def patch_application_autoscaling():
    # moto dispatches "AnyScaleFrontendService.<Action>" to the snake_case
    # method of the same name, so adding methods is all the routing needed.
    cls = ApplicationAutoScalingResponse
    cls.register_scalable_target = _register_scalable_target_keeping_tags(
        cls.register_scalable_target
    )
    cls.list_tags_for_resource = list_tags_for_resource
    cls.tag_resource = tag_resource
    cls.untag_resource = untag_resource


def exit_with_parent():
    # The pipeline stops moto itself on success, failure and Ctrl-C; this covers
    # the one case it cannot: its own process killed outright (SIGKILL, OOM).
    # An orphaned emulator would keep the port and the account's state alive.
    parent = os.environ.get("MOTO_LAUNCHER_PARENT_PID")
    if not parent:
        return

    def watch():
        while True:
            try:
                os.kill(int(parent), 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass  # alive, owned by another user
            time.sleep(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def patch_rds_parameter_source():
    original = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        original(self, [dict(p, Source="user") for p in new_parameters])

    DBParameterGroup.update_parameters = update_parameters


# CreateService request field -> the Service attribute that UpdateService sets
# for it and that moto's serializer reads back (camelCase -> snake_case).
_ECS_SERVICE_FIELDS_KEPT = {
    "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
    "availabilityZoneRebalancing": "availability_zone_rebalancing",
}


def patch_ecs_service_create_fields():
    original = EC2ContainerServiceResponse.create_service

    def create_service(self):
        result = original(self)
        service = result.result["service"]
        for field, attribute in _ECS_SERVICE_FIELDS_KEPT.items():
            value = self._get_param(field)
            if value is not None:
                setattr(service, attribute, value)
        return result

    EC2ContainerServiceResponse.create_service = create_service


def patch_security_group_rule_descriptions():
    # A rule holds either a CIDR (ip_range) or a group pair (source_group);
    # AWS reports the description of either kind.
    def description(self):
        if self.source_group:
            return self.source_group.get("Description")
        return self.ip_range.get("Description")

    SecurityGroupRule.description = property(description)

    # ModifySecurityGroupRules (how the provider updates a description)
    # writes into ip_range whatever the rule's kind; move it to where the
    # group pair, DescribeSecurityGroups and the property above read it.
    original_modify = SecurityGroupBackend.modify_security_group_rules

    def modify_security_group_rules(self, group_id, rules):
        original_modify(self, group_id, rules)
        group = self.get_security_group_by_name_or_id(group_id)
        for rule_id in rules:
            rule = group.get_rule(rule_id)
            if rule is not None and rule.source_group and "Description" in rule.ip_range:
                rule.source_group["Description"] = rule.ip_range.pop("Description")

    SecurityGroupBackend.modify_security_group_rules = modify_security_group_rules


if __name__ == "__main__":
    exit_with_parent()
    patch_application_autoscaling()
    patch_rds_parameter_source()
    patch_ecs_service_create_fields()
    patch_security_group_rule_descriptions()
    moto_server_main(sys.argv[1:])
