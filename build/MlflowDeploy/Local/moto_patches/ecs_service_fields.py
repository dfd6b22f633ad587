"""CreateService drops healthCheckGracePeriodSeconds and
availabilityZoneRebalancing (UpdateService stores them; create does not), so
the first plan after an apply showed both as changes.
"""

from moto.ecs.responses import EC2ContainerServiceResponse

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
