"""UpdateService with another task definition leaves moto's one deployment on
the old definition, so the PRIMARY deployment never names what was applied and
Verify reads every later deploy (a version bump, a rollback) as rolled back.
ECS starts a new PRIMARY deployment for the new definition and drops the old
one once the rollout completes; moto models a service as already at its
running count, so the new deployment is stored as completed, and alone. The
Fargate stand-in stops the old definition's tasks to match.
"""

from moto.core.utils import utcnow
from moto.ecs.models import EC2ContainerServiceBackend
from moto.moto_api._internal import mock_random


def patch_ecs_service_rollout():
    original = EC2ContainerServiceBackend.update_service

    def update_service(self, service_properties):
        task_definition = service_properties.get("task_definition")
        service = original(self, service_properties)
        if not task_definition or not service.deployments:
            return service
        arn = self.describe_task_definition(task_definition).arn
        if service.deployments[0].get("taskDefinition") == arn:
            return service
        deployment_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
        now = utcnow()
        deployment = dict(service.deployments[0])
        deployment.update(
            id=deployment_id,
            status="PRIMARY",
            taskDefinition=arn,
            desiredCount=service.desired_count,
            runningCount=service.running_count,
            pendingCount=service.pending_count,
            rolloutState="COMPLETED",
            rolloutStateReason=f"ECS deployment {deployment_id} completed.",
            createdAt=now,
            updatedAt=now,
        )
        service.task_definition = arn
        service.deployments = [deployment]
        return service

    EC2ContainerServiceBackend.update_service = update_service
