"""FilterLogEvents ignores logStreamNamePrefix in moto 5.2.1 and searches every
stream of the group, so Logs --task showed every task's lines. AWS searches
only the streams whose names start with the prefix (and none when no stream
does).
"""

import json

from moto.logs.responses import LogsResponse


def patch_logs_stream_name_prefix():
    original = LogsResponse.filter_log_events

    def filter_log_events(self):
        prefix = self._get_param("logStreamNamePrefix")
        group = self.logs_backend.groups.get(self._get_param("logGroupName"))
        if prefix is None or group is None or self._get_param("logStreamNames"):
            return original(self)
        names = [name for name in group.streams if name.startswith(prefix)]
        if not names:
            return json.dumps({"events": [], "searchedLogStreams": []})
        get_param = self._get_param
        self._get_param = lambda name, if_none=None: names if name == "logStreamNames" else get_param(name, if_none)
        try:
            return original(self)
        finally:
            del self._get_param

    LogsResponse.filter_log_events = filter_log_events
