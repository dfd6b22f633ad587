"""Start moto 5.2.1's server with the patches this project needs (moto_patches/, one concern per module).

Usage (the arguments are moto.server.main's own, passed through unchanged):

    python3 moto_launcher.py -H 127.0.0.1 -p PORT

    -H / --host   address to bind; use 127.0.0.1, not localhost, so S3 clients
                  pick path-style addressing without extra settings
    -p / --port   port to listen on (moto's default is 5000 or $MOTO_PORT)

Environment the caller should set:

    MOTO_IAM_LOAD_MANAGED_POLICIES=true   so AmazonECSTaskExecutionRolePolicy exists
    MOTO_ECS_SERVICE_RUNNING=<N>          new ECS services report N running tasks
    MOTO_LAUNCHER_PARENT_PID=<pid>        exit when that process is gone

Opt-in IAM enforcement (see moto_patches/iam_enforcement.py and README.md):

    INITIAL_NO_AUTH_ACTION_COUNT=<N>      moto's own switch: requests after the first N are authenticated
    MLFLOW_DEPLOY_IAM_ENFORCED=1          enforcement a least-privilege run can use: signatures over the
                                          request as sent, GitHub-style AssumeRoleWithWebIdentity with its
                                          trust conditions, trust of the account root, S3's real action names,
                                          permissions boundaries, action-level checks outside S3
    MLFLOW_DEPLOY_CALL_RECORD=<file>      append every authorized call (principal, action, resource ARNs,
                                          region, condition keys) to <file> as JSON lines; needs the above
"""

import os
import sys

from moto.server import main as moto_server_main

from moto_patches import (
    application_autoscaling_tags,
    ecs_service_fields,
    ecs_service_rollout,
    logs_stream_name_prefix,
    parent_watch,
    rds_parameter_source,
    request_log_retries,
    s3_bucket_policy_conditions,
    security_group_rule_descriptions,
)


def _enable_iam_enforcement():
    from moto_patches import call_recorder, iam_enforcement

    enforced = os.environ.get("MLFLOW_DEPLOY_IAM_ENFORCED") == "1"
    record = os.environ.get("MLFLOW_DEPLOY_CALL_RECORD")
    if record and not enforced:
        sys.exit("MLFLOW_DEPLOY_CALL_RECORD needs MLFLOW_DEPLOY_IAM_ENFORCED=1: only enforcement knows who made a call")
    if enforced:
        iam_enforcement.install()
    if record:
        call_recorder.configure(record)


if __name__ == "__main__":
    parent_watch.exit_with_parent()
    request_log_retries.patch_request_log_retries()
    application_autoscaling_tags.patch_application_autoscaling()
    rds_parameter_source.patch_rds_parameter_source()
    ecs_service_fields.patch_ecs_service_create_fields()
    ecs_service_rollout.patch_ecs_service_rollout()
    logs_stream_name_prefix.patch_logs_stream_name_prefix()
    security_group_rule_descriptions.patch_security_group_rule_descriptions()
    s3_bucket_policy_conditions.patch_bucket_policy_conditions()
    _enable_iam_enforcement()
    moto_server_main(sys.argv[1:])
