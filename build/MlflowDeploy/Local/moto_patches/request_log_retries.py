"""Marks client retries in the emulator's request log.

An SDK retries a call whose answer it did not get. When the first attempt was
carried out, a retried create then fails with "already exists" (EC2's
RouteAlreadyExists, for one), and terraform reports that as the error. The
request log otherwise shows only '"POST / HTTP/1.1" 200', so such a failure
could not be traced back to a retry. With this patch a retried request adds a
line the pipeline counts when it stops the emulator (EmulatorRequestLog.cs):

    client retry: attempt 2 of invocation 3f1c…, answered 400; attempt 1 answered 200 0.41 s earlier

Whether the first attempt reached the emulator, and what it was answered,
tells a lost answer (the client gave up on a reply the emulator sent) from a
request that never arrived.

AWS SDKs (Go v2, botocore, .NET) send amz-sdk-request: attempt=N; max=M and
keep amz-sdk-invocation-id the same across the attempts of one call.
"""

import threading
import time
from collections import OrderedDict

from werkzeug.serving import WSGIRequestHandler

RETRY_MARK = "client retry: attempt"
# Retries follow their first attempt within seconds; a bounded memory of recent calls is enough to pair them.
REMEMBERED_CALLS = 4096


def _attempt(header):
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "attempt" and value.isdigit():
            return int(value)
    return 1


def _earlier_attempt(earlier, now):
    if earlier is None:
        return "no earlier attempt reached the emulator"
    attempt, code, at = earlier
    return "attempt %d answered %s %.2f s earlier" % (attempt, code, now - at)


def patch_request_log_retries():
    original = WSGIRequestHandler.log_request
    calls = OrderedDict()
    lock = threading.Lock()

    def log_request(self, code="-", size="-"):
        original(self, code, size)
        headers = getattr(self, "headers", None)
        if headers is None:
            return  # the request line was bad: there are no headers to read
        attempt = _attempt(headers.get("amz-sdk-request"))
        invocation = headers.get("amz-sdk-invocation-id")
        if invocation is None:
            # Nothing to pair it with, but a retry all the same: it still counts.
            earlier = "no invocation id to pair it with"
        else:
            now = time.monotonic()
            with lock:
                previous = calls.pop(invocation, None)
                calls[invocation] = (attempt, code, now)
                while len(calls) > REMEMBERED_CALLS:
                    calls.popitem(last=False)
            earlier = _earlier_attempt(previous, now)
        if attempt > 1:
            self.log("info", "%s %d of invocation %s, answered %s; %s",
                     RETRY_MARK, attempt, invocation or "unknown", code, earlier)

    WSGIRequestHandler.log_request = log_request
