"""One view of a request's parameters, whatever the protocol: the JSON body
(ECS, Logs, Secrets Manager, application-autoscaling, ACM), or the Query
form (EC2, ELBv2, RDS, IAM, STS), where lists arrive as flattened members
such as Subnets.member.1 or TagSpecification.1.Tag.2.Key.
"""

import json
import re


class RequestParams:
    def __init__(self, response):
        self._json = None
        body = response.body if isinstance(response.body, str) else ""
        if body.lstrip().startswith("{"):
            try:
                self._json = json.loads(body)
            except ValueError:
                self._json = None
        self._form = response.querystring if isinstance(response.querystring, dict) else {}

    def get(self, name):
        if self._json is not None:
            return self._json.get(name)
        value = self._form.get(name)
        return value[0] if isinstance(value, list) and value else value

    def members(self, prefix):
        """The values of prefix.1, prefix.2 … or prefix.member.N (Query), or the JSON list named prefix."""
        if self._json is not None:
            value = self._json.get(prefix)
            return value if isinstance(value, list) else []
        pattern = re.compile(rf"^{re.escape(prefix)}(?:\.member|\.[A-Za-z]+)?\.(\d+)$")
        found = []
        for key, value in self._form.items():
            match = pattern.match(key)
            if match:
                found.append((int(match.group(1)), value[0] if isinstance(value, list) else value))
        return [v for _, v in sorted(found)]

    def tags(self):
        """Tags sent with a create call, from whichever shape the service uses."""
        if self._json is not None:
            tags = self._json.get("tags") or self._json.get("Tags")
            if isinstance(tags, dict):
                return {str(k): str(v) for k, v in tags.items()}
            if isinstance(tags, list):
                return {t.get("key", t.get("Key")): t.get("value", t.get("Value")) for t in tags if isinstance(t, dict)}
            return {}
        keys = {}
        values = {}
        pattern = re.compile(r"^(?:TagSpecification\.\d+\.)?Tags?\.(?:member\.|Tag\.)?(\d+)\.(Key|Value)$")
        for key, value in self._form.items():
            match = pattern.match(key)
            if match:
                target = keys if match.group(2) == "Key" else values
                target[match.group(1)] = value[0] if isinstance(value, list) else value
        return {keys[i]: values.get(i, "") for i in keys}
