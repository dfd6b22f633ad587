namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// An executable <c>mlflow</c> for a private PATH: a Python HTTP server that takes <c>mlflow server</c>'s
/// arguments, records them and its pid, and answers /health, /version and experiments/search as MLflow does.
/// </summary>
internal static class FakeMlflow
{
    public static string Script(string pidFile, string argsFile) => $$"""
        #!/usr/bin/env python3
        import json, os, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        with open({{Py(pidFile)}}, "w") as f: f.write(str(os.getpid()))
        with open({{Py(argsFile)}}, "w") as f: f.write("\n".join(sys.argv[1:]))
        args = sys.argv[1:]
        host, port = args[args.index("--host") + 1], int(args[args.index("--port") + 1])
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def answer(self, status, kind, body):
                data = body.encode()
                self.send_response(status); self.send_header("Content-Type", kind); self.send_header("Content-Length", str(len(data))); self.end_headers()
                self.wfile.write(data)
            def do_GET(self):
                path = self.path.split("?")[0]
                if path == "/health": self.answer(200, "text/html; charset=utf-8", "OK")
                elif path == "/version": self.answer(200, "text/html; charset=utf-8", "2.17.2")
                elif path == "/api/2.0/mlflow/experiments/search":
                    self.answer(200, "application/json", json.dumps({"experiments": [{"experiment_id": "0", "name": "Default",
                        "artifact_location": "mlflow-artifacts:/0", "lifecycle_stage": "active", "last_update_time": 1, "creation_time": 1}]}))
                else: self.answer(404, "text/html", "<h1>Not Found</h1>")
        ThreadingHTTPServer((host, port), Handler).serve_forever()
        """;

    private static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
