"""Tests of infra/image/entrypoint.py with python3 alone: no MLflow, no PostgreSQL, no image.

    python3 -m unittest discover -s infra/image/tests -v

`serve` and `init` run as real processes. A fake `mlflow` executable first on PATH records the argv,
the environment and /proc/self/cmdline it was started with; a fake `mlflow-<version>.dist-info` on
PYTHONPATH is what the version check reads. The password refresher is tested against a real moto
server (boto3 comes with moto) when moto is installed.
"""

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import urllib.request
from pathlib import Path

IMAGE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(IMAGE))
import entrypoint  # noqa: E402

URI = "postgresql://mlflow@db.example.internal:5432/mlflow?sslmode=require"
DB_PASSWORD = "Db-Sentinel-7f3a9c"
ADMIN_PASSWORD = "Admin-Sentinel-51b2e8"
VERIFIER_PASSWORD = "Verifier-Sentinel-c0ffee"
FLASK_KEY = "Flask-Sentinel-9d8e7f"
SENTINELS = (DB_PASSWORD, ADMIN_PASSWORD, VERIFIER_PASSWORD)

SERVE_FLAGS = [
    "--host", "0.0.0.0", "--port", "5000", "--workers", "2",
    "--gunicorn-opts", "--timeout 900 --graceful-timeout 50",
    "--app-name", "basic-auth",
    "--serve-artifacts", "--artifacts-destination", "s3://bucket/mlflow-artifacts",
]

FAKE_MLFLOW = textwrap.dedent(
    """\
    #!/usr/bin/env python3
    # Stands in for MLflow's CLI: records how it was started, then behaves as FAKE_MLFLOW_* say.
    import json, os, sys, time
    record = {
        "argv": sys.argv[1:],
        "env": dict(os.environ),
        "cmdline": open("/proc/self/cmdline", "rb").read().decode().split("\\0")[:-1],
        "files": {},
    }
    for name in ("PGPASSFILE", "MLFLOW_AUTH_CONFIG_PATH"):
        path = os.environ.get(name)
        if path and os.path.exists(path):
            record["files"][name] = {"text": open(path).read(), "mode": oct(os.stat(path).st_mode & 0o777)}
    wait_for = os.environ.get("FAKE_MLFLOW_WAIT_FOR_PASSFILE")
    if wait_for:
        deadline = time.time() + 20
        while time.time() < deadline and wait_for not in open(os.environ["PGPASSFILE"]).read():
            time.sleep(0.2)
        record["passfile_after_wait"] = open(os.environ["PGPASSFILE"]).read()
    with open(os.environ["FAKE_MLFLOW_RECORD"], "w") as out:
        json.dump(record, out)
    for line in os.environ.get("FAKE_MLFLOW_OUTPUT", "").split("|"):
        if line:
            print(line, file=sys.stderr)
    sys.exit(int(os.environ.get("FAKE_MLFLOW_EXIT", "0")))
    """
)


class Sandbox:
    """A fake mlflow on PATH, a fake MLflow distribution on PYTHONPATH, and a private TMPDIR."""

    def __init__(self, version="2.18.0"):
        self.root = Path(tempfile.mkdtemp(prefix="entrypoint-test-"))
        self.bin = self.root / "bin"
        self.bin.mkdir()
        fake = self.bin / "mlflow"
        fake.write_text(FAKE_MLFLOW)
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
        self.site = self.root / "site"
        info = self.site / f"mlflow-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: mlflow\nVersion: {version}\n")
        self.tmp = self.root / "tmp"
        self.tmp.mkdir()
        self.record = self.root / "record.json"

    def env(self, **overrides):
        env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(self.site),
            "TMPDIR": str(self.tmp),
            "FAKE_MLFLOW_RECORD": str(self.record),
            "MLFLOW_BACKEND_STORE_URI": URI,
            "PGPASSWORD": DB_PASSWORD,
            "MLFLOW_DEPLOY_EXPECTED_VERSION": "2.18.0",
            "MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS": "0",
            "MLFLOW_DEPLOY_AUTH_DATABASE": "mlflow_auth",
            "MLFLOW_DEPLOY_AUTH_DEFAULT_PERMISSION": "READ",
            "MLFLOW_FLASK_SERVER_SECRET_KEY": FLASK_KEY,
            "MLFLOW_DEPLOY_ADMIN_USERNAME": "admin",
            "MLFLOW_DEPLOY_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "MLFLOW_DEPLOY_VERIFIER_USERNAME": "mlflow-verify",
            "MLFLOW_DEPLOY_VERIFIER_PASSWORD": VERIFIER_PASSWORD,
        }
        env.update(overrides)
        return {k: v for k, v in env.items() if v is not None}

    def run(self, *args, env=None, timeout=30):
        return subprocess.run(
            [sys.executable, str(IMAGE / "entrypoint.py"), *args],
            env=env or self.env(), capture_output=True, text=True, timeout=timeout, check=False,
        )

    def recorded(self):
        return json.loads(self.record.read_text()) if self.record.exists() else None

    def close(self):
        # serve keeps its password file in /dev/shm when it can, as in the container; remove it too.
        record = self.recorded()
        if record and record["env"].get("PGPASSFILE"):
            shutil.rmtree(os.path.dirname(record["env"]["PGPASSFILE"]), ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)


class SandboxTest(unittest.TestCase):
    def setUp(self):
        self.box = Sandbox()
        self.addCleanup(self.box.close)

    def assertNoSecretIn(self, *texts):
        for text in texts:
            for sentinel in SENTINELS:
                self.assertNotIn(sentinel, text)


class ServeTests(SandboxTest):
    def test_execs_mlflow_server_with_exactly_the_given_flags_and_no_uri_on_any_command_line(self):
        result = self.box.run("serve", *SERVE_FLAGS)

        self.assertEqual(result.returncode, 0, result.stderr)
        record = self.box.recorded()
        self.assertEqual(record["argv"], ["server", *SERVE_FLAGS])
        # What /proc shows for the server process: the flags, never the URI or a password.
        self.assertEqual(record["cmdline"][1:], [str(self.box.bin / "mlflow"), "server", *SERVE_FLAGS])
        self.assertFalse(any("postgresql" in word for word in record["cmdline"]))
        self.assertNoSecretIn(" ".join(record["cmdline"]), result.stdout, result.stderr)

    def test_the_server_environment_has_the_uri_and_a_password_file_instead_of_secrets(self):
        self.box.run("serve", *SERVE_FLAGS)

        env = self.box.recorded()["env"]
        self.assertEqual(env["MLFLOW_BACKEND_STORE_URI"], URI)
        self.assertEqual(env["MLFLOW_FLASK_SERVER_SECRET_KEY"], FLASK_KEY)
        for consumed in ("PGPASSWORD", "MLFLOW_DEPLOY_ADMIN_USERNAME", "MLFLOW_DEPLOY_ADMIN_PASSWORD",
                         "MLFLOW_DEPLOY_VERIFIER_USERNAME", "MLFLOW_DEPLOY_VERIFIER_PASSWORD"):
            self.assertNotIn(consumed, env)
        self.assertNoSecretIn(json.dumps(env))
        passfile = self.box.recorded()["files"]["PGPASSFILE"]
        self.assertEqual(passfile["text"], f"db.example.internal:5432:*:mlflow:{DB_PASSWORD}\n")
        self.assertEqual(passfile["mode"], "0o600")

    def test_basic_auth_config_points_at_the_auth_database_and_holds_no_known_password(self):
        self.box.run("serve", *SERVE_FLAGS)

        record = self.box.recorded()
        config = record["files"]["MLFLOW_AUTH_CONFIG_PATH"]
        self.assertEqual(config["mode"], "0o600")
        lines = dict(line.split(" = ", 1) for line in config["text"].splitlines()[1:])
        self.assertEqual(config["text"].splitlines()[0], "[mlflow]")
        self.assertEqual(lines["database_uri"], "postgresql://mlflow@db.example.internal:5432/mlflow_auth?sslmode=require")
        self.assertEqual(lines["default_permission"], "READ")
        self.assertEqual(lines["admin_username"], "admin")
        self.assertEqual(lines["authorization_function"], "mlflow.server.auth:authenticate_request_basic_auth")
        self.assertGreaterEqual(len(lines["admin_password"]), 40)
        self.assertNoSecretIn(config["text"])
        # Private, in memory when the container has /dev/shm.
        folder = os.path.dirname(record["env"]["MLFLOW_AUTH_CONFIG_PATH"])
        self.assertEqual(folder, os.path.dirname(record["env"]["PGPASSFILE"]))

    def test_without_the_auth_app_there_is_no_auth_config(self):
        flags = [f for f in SERVE_FLAGS if f not in ("--app-name", "basic-auth")]
        result = self.box.run("serve", *flags)

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("MLFLOW_AUTH_CONFIG_PATH", self.box.recorded()["env"])

    def test_a_uri_flag_on_the_command_line_is_refused_before_mlflow_starts(self):
        result = self.box.run("serve", "--backend-store-uri", URI, "--port", "5000")

        self.assertEqual(result.returncode, 2)
        self.assertIsNone(self.box.recorded())
        self.assertEqual(result.stderr.strip().splitlines()[-1],
                         "mlflow-deploy: ERROR: --backend-store-uri must not be on the command line (it would show in /proc/*/cmdline): set MLFLOW_BACKEND_STORE_URI instead")

    def test_a_password_in_the_uri_is_refused(self):
        result = self.box.run("serve", *SERVE_FLAGS, env=self.box.env(MLFLOW_BACKEND_STORE_URI=f"postgresql://mlflow:{DB_PASSWORD}@db:5432/mlflow"))

        self.assertEqual(result.returncode, 2)
        self.assertIn("carries a password", result.stderr)
        self.assertNoSecretIn(result.stderr)
        self.assertIsNone(self.box.recorded())

    def test_a_uri_with_two_ports_is_refused(self):
        result = self.box.run("serve", *SERVE_FLAGS, env=self.box.env(MLFLOW_BACKEND_STORE_URI="postgresql://mlflow@db:5432:5432/mlflow"))

        self.assertEqual(result.returncode, 2)
        self.assertIn("more than one port", result.stderr)

    def test_an_image_with_another_mlflow_version_refuses_to_start(self):
        result = self.box.run("serve", *SERVE_FLAGS, env=self.box.env(MLFLOW_DEPLOY_EXPECTED_VERSION="2.19.0"))

        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.strip().splitlines()[-1],
                         "mlflow-deploy: ERROR: this image holds MLflow 2.18.0 but the stack expects 2.19.0: build the image with --build-arg MLFLOW_VERSION=2.19.0")

    def test_basic_auth_without_the_shared_flask_key_is_refused(self):
        result = self.box.run("serve", *SERVE_FLAGS, env=self.box.env(MLFLOW_FLASK_SERVER_SECRET_KEY=None))

        self.assertEqual(result.returncode, 2)
        self.assertIn("MLFLOW_FLASK_SERVER_SECRET_KEY", result.stderr)
        self.assertIsNone(self.box.recorded())

    def test_an_unknown_command_is_one_line(self):
        result = self.box.run("server")

        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.strip(), "mlflow-deploy: ERROR: unknown command 'server': use `serve [mlflow server flags]` or `init`")


class InitTests(SandboxTest):
    def test_init_without_auth_runs_mlflow_db_upgrade_with_the_password_in_the_environment_only(self):
        env = self.box.env(MLFLOW_DEPLOY_AUTH_DATABASE=None)
        result = self.box.run("init", env=env)

        self.assertEqual(result.returncode, 0, result.stderr)
        record = self.box.recorded()
        self.assertEqual(record["argv"], ["db", "upgrade", URI])
        self.assertEqual(record["env"]["PGPASSWORD"], DB_PASSWORD)
        self.assertNotIn("MLFLOW_DEPLOY_ADMIN_PASSWORD", record["env"])
        self.assertNoSecretIn(" ".join(record["cmdline"]), result.stdout, result.stderr)
        self.assertEqual(result.stderr.strip().splitlines()[-1], "mlflow-deploy: init done")

    def test_a_failing_migration_ends_with_its_own_last_line(self):
        env = self.box.env(
            MLFLOW_DEPLOY_AUTH_DATABASE=None,
            FAKE_MLFLOW_EXIT="1",
            FAKE_MLFLOW_OUTPUT="INFO  [alembic.runtime.migration] Running upgrade 867495a8f9d4 -> 5b0e9adcef9c|"
                              "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server",
        )
        result = self.box.run("init", env=env)

        self.assertEqual(result.returncode, 1)
        lines = result.stderr.strip().splitlines()
        self.assertIn("INFO  [alembic.runtime.migration] Running upgrade 867495a8f9d4 -> 5b0e9adcef9c", lines)
        self.assertEqual(lines[-1], "mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): "
                                    "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server")


class FakeAuthStore:
    """MLflow's auth SqlAlchemyStore surface that init uses (init_db, has_user, create_user, update_user)."""

    def __init__(self, users=None):
        self.users = dict(users or {})
        self.calls = []

    def init_db(self, uri):
        self.calls.append(("init_db", uri))

    def has_user(self, username):
        return username in self.users

    def create_user(self, username, password, is_admin=False):
        self.calls.append(("create_user", username, is_admin))
        self.users[username] = (password, is_admin)

    def update_user(self, username, password=None, is_admin=None):
        self.calls.append(("update_user", username, is_admin))
        self.users[username] = (password, is_admin)


class InitWithAuthTests(SandboxTest):
    def setUp(self):
        super().setUp()
        sys.path.insert(0, str(self.box.site))
        self.addCleanup(sys.path.remove, str(self.box.site))

    def run_init(self, store, databases):
        upgrades = []

        def create_database(uri, name):
            upgrades.append(("create_database", uri, name))
            created = name not in databases
            databases.add(name)
            return created

        def open_store(uri):
            store.init_db(uri)
            return store

        entrypoint.init(self.box.env(), upgrade=lambda uri, env: (upgrades.append(("upgrade", uri)) or 0, ""),
                        create_database=create_database, auth_store=open_store)
        return upgrades

    def test_the_first_init_creates_the_auth_database_the_admin_and_a_non_admin_verifier(self):
        store = FakeAuthStore()

        steps = self.run_init(store, set())

        self.assertEqual(steps, [("upgrade", URI), ("create_database", URI, "mlflow_auth")])
        self.assertEqual(store.calls, [
            ("init_db", "postgresql://mlflow@db.example.internal:5432/mlflow_auth?sslmode=require"),
            ("create_user", "admin", True),
            ("create_user", "mlflow-verify", False),
        ])
        self.assertEqual(store.users["admin"], (ADMIN_PASSWORD, True))
        self.assertEqual(store.users["mlflow-verify"], (VERIFIER_PASSWORD, False))

    def test_a_second_init_converges_on_the_secrets_instead_of_failing(self):
        store = FakeAuthStore({"admin": ("old", True), "mlflow-verify": ("old", True)})

        self.run_init(store, {"mlflow_auth"})

        self.assertEqual([c[0] for c in store.calls], ["init_db", "update_user", "update_user"])
        self.assertEqual(store.users["admin"], (ADMIN_PASSWORD, True))
        # An admin flag set by hand on the verifier is taken away again: it stays least-privileged.
        self.assertEqual(store.users["mlflow-verify"], (VERIFIER_PASSWORD, False))

    def test_missing_verifier_credentials_stop_before_the_database_is_touched(self):
        store = FakeAuthStore()
        with self.assertRaises(entrypoint.SetupError) as raised:
            entrypoint.init(self.box.env(MLFLOW_DEPLOY_VERIFIER_PASSWORD=None), upgrade=lambda u, e: (0, ""),
                            create_database=lambda u, n: self.fail("touched the database"), auth_store=lambda u: store)
        self.assertIn("MLFLOW_DEPLOY_VERIFIER_USERNAME and _PASSWORD must both be set", str(raised.exception))


class FakePsycopg2:
    """psycopg2's connect/cursor surface as ensure_database uses it, recording every statement."""

    class DuplicateDatabase(Exception):
        pass

    def __init__(self, existing):
        self.existing = set(existing)
        self.statements = []
        self.connect_args = None
        self.autocommit_when_executing = []

    def install(self, test):
        fake = self
        errors = type(sys)("psycopg2.errors")
        errors.DuplicateDatabase = FakePsycopg2.DuplicateDatabase
        sql = type(sys)("psycopg2.sql")

        class Identifier:
            def __init__(self, name):
                self.name = name

        class SQL:
            def __init__(self, text):
                self.text = text

            def format(self, identifier):
                return self.text.replace("{}", '"' + identifier.name.replace('"', '""') + '"')

        sql.Identifier, sql.SQL = Identifier, SQL
        module = type(sys)("psycopg2")
        module.errors, module.sql = errors, sql

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, statement, parameters=None):
                fake.statements.append((statement, parameters))
                fake.autocommit_when_executing.append(connection.autocommit)
                self.result = (1,) if parameters and parameters[0] in fake.existing else None

            def fetchone(self):
                return self.result

        class Connection:
            autocommit = False

            def cursor(self):
                return Cursor()

            def close(self):
                pass

        connection = Connection()

        def connect(**kwargs):
            fake.connect_args = kwargs
            return connection

        module.connect = connect
        for name, value in (("psycopg2", module), ("psycopg2.errors", errors), ("psycopg2.sql", sql)):
            previous = sys.modules.get(name)
            sys.modules[name] = value
            test.addCleanup(lambda n=name, p=previous: sys.modules.__setitem__(n, p) if p else sys.modules.pop(n, None))
        return self


class EnsureDatabaseTests(unittest.TestCase):
    def test_creates_the_database_outside_a_transaction_with_a_quoted_name(self):
        fake = FakePsycopg2(existing=[]).install(self)

        created = entrypoint.ensure_database(URI, "mlflow_auth")

        self.assertTrue(created)
        self.assertEqual(fake.connect_args, {"host": "db.example.internal", "port": 5432, "user": "mlflow", "dbname": "mlflow",
                                             "sslmode": "require", "connect_timeout": 15})
        self.assertEqual(fake.statements, [("SELECT 1 FROM pg_database WHERE datname = %s", ("mlflow_auth",)),
                                           ('CREATE DATABASE "mlflow_auth"', None)])
        self.assertEqual(fake.autocommit_when_executing, [True, True])

    def test_an_existing_database_is_left_alone(self):
        fake = FakePsycopg2(existing=["mlflow_auth"]).install(self)

        self.assertFalse(entrypoint.ensure_database(URI, "mlflow_auth"))
        self.assertEqual(len(fake.statements), 1)


def moto_available():
    try:
        import moto  # noqa: F401
        import boto3  # noqa: F401
        return True
    except ImportError:
        return False


@unittest.skipUnless(moto_available(), "moto and boto3 are needed for the password refresher tests (pip install 'moto[server]==5.2.1')")
class PasswordRefresherTests(SandboxTest):
    """The refresher against a real moto server: a rotated RDS secret reaches the password file."""

    @classmethod
    def setUpClass(cls):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            cls.port = probe.getsockname()[1]
        cls.moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(cls.port)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.endpoint = f"http://127.0.0.1:{cls.port}"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(cls.endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            cls.moto.kill()
            raise RuntimeError("moto did not start")

    @classmethod
    def tearDownClass(cls):
        cls.moto.send_signal(signal.SIGINT)
        try:
            cls.moto.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.moto.kill()

    def aws(self):
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "eu-west-2", "AWS_REGION": "eu-west-2"}

    def secret(self, name, password):
        import boto3
        client = boto3.client("secretsmanager", endpoint_url=self.endpoint, region_name="eu-west-2",
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        return client.create_secret(Name=name, SecretString=json.dumps({"username": "mlflow", "password": password}))["ARN"]

    def test_one_refresh_rewrites_the_file_only_when_the_password_changed(self):
        arn = self.secret("rds!db-one", "Rotated-Sentinel-1")
        path = self.box.tmp / "pgpass"
        path.write_text(entrypoint.passfile_line(URI, DB_PASSWORD))
        for name, value in self.aws().items():
            self.addCleanup(os.environ.__setitem__, name, os.environ[name]) if name in os.environ else self.addCleanup(os.environ.pop, name, None)
            os.environ[name] = value

        current = entrypoint.refresh_passfile(str(path), URI, arn, "eu-west-2", DB_PASSWORD)
        again = entrypoint.refresh_passfile(str(path), URI, arn, "eu-west-2", current)

        self.assertEqual((current, again), ("Rotated-Sentinel-1", "Rotated-Sentinel-1"))
        self.assertEqual(path.read_text(), "db.example.internal:5432:*:mlflow:Rotated-Sentinel-1\n")
        self.assertEqual(oct(path.stat().st_mode & 0o777), "0o600")

    def test_the_running_server_sees_a_rotated_password_in_its_password_file(self):
        arn = self.secret("rds!db-two", "Rotated-Sentinel-2")
        env = self.box.env(
            MLFLOW_DEPLOY_DB_SECRET_ARN=arn,
            MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS="1",
            FAKE_MLFLOW_WAIT_FOR_PASSFILE="Rotated-Sentinel-2",
            **self.aws(),
        )

        result = self.box.run("serve", *SERVE_FLAGS, env=env, timeout=60)

        self.assertEqual(result.returncode, 0, result.stderr)
        record = self.box.recorded()
        self.assertEqual(record["files"]["PGPASSFILE"]["text"], f"db.example.internal:5432:*:mlflow:{DB_PASSWORD}\n")
        self.assertEqual(record["passfile_after_wait"], "db.example.internal:5432:*:mlflow:Rotated-Sentinel-2\n")
        self.assertIn("mlflow-deploy: the database password was rotated: the password file now holds the new one", result.stderr)
        self.assertNotIn("Rotated-Sentinel-2", result.stderr)


if __name__ == "__main__":
    unittest.main()
