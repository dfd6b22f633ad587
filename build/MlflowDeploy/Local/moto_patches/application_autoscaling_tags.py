"""application-autoscaling tags: moto 5.2.1 has no ListTagsForResource,
TagResource or UntagResource. It answers them with a 500, and the AWS provider
retries aws_appautoscaling_target for over six minutes before it gives up. The
handlers below keep tags per scalable-target ARN in the region's backend, so
provider default_tags read back what was written and the next plan is clean.
"""

import json

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse


def _tag_store(response):
    # Kept on the backend object so that POST /moto-api/reset, which
    # re-initialises every backend, wipes the tags together with the targets.
    backend = response.applicationautoscaling_backend
    if not hasattr(backend, "launcher_tags"):
        backend.launcher_tags = {}
    return backend.launcher_tags


def tags_of(backend, arn):
    """The tags kept for one scalable target (empty when none were written)."""
    return dict(getattr(backend, "launcher_tags", {}).get(arn, {}))


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
