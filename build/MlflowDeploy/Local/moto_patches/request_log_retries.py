"""Marks client retries in the emulator's request log.

An SDK retries a call whose answer it did not get. When the first attempt was
carried out, a retried create then fails with "already exists" (EC2's
RouteAlreadyExists, for one), and terraform reports that as the error. The
request log otherwise shows only '"POST / HTTP/1.1" 200', so such a failure
could not be traced back to a retry. With this patch a retried request adds a
line the pipeline counts when it stops the emulator (EmulatorRequestLog.cs):

    client retry: attempt 2 of invocation 3f1c…, answered 400

AWS SDKs (Go v2, botocore, .NET) send amz-sdk-request: attempt=N; max=M and
keep amz-sdk-invocation-id the same across the attempts of one call.
"""

from werkzeug.serving import WSGIRequestHandler

RETRY_MARK = "client retry: attempt"


def _attempt(header):
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "attempt" and value.isdigit():
            return int(value)
    return 1


def patch_request_log_retries():
    original = WSGIRequestHandler.log_request

    def log_request(self, code="-", size="-"):
        original(self, code, size)
        headers = getattr(self, "headers", None)
        if headers is None:
            return  # the request line was bad: there are no headers to read
        attempt = _attempt(headers.get("amz-sdk-request"))
        if attempt > 1:
            self.log("info", "%s %d of invocation %s, answered %s",
                     RETRY_MARK, attempt, headers.get("amz-sdk-invocation-id", "unknown"), code)

    WSGIRequestHandler.log_request = log_request
