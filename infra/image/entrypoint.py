#!/usr/bin/env python3
"""The MLflow image's entrypoint: `serve` runs the tracking server, `init` prepares the databases.

    mlflow-deploy-entrypoint serve [mlflow server flags...]
    mlflow-deploy-entrypoint init

The task definition (infra/ecs.tf) supplies everything through the environment:

    MLFLOW_BACKEND_STORE_URI            postgresql://user@host:port/db?sslmode=require, without a password
    PGPASSWORD                          the database password (ECS secret: the RDS-managed secret's key)
    MLFLOW_DEPLOY_EXPECTED_VERSION      the stack's mlflow_version; a different MLflow refuses to start
    MLFLOW_DEPLOY_DB_SECRET_ARN         the RDS-managed secret, re-read after rotations (serve)
    MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS   how often (0: never)
    MLFLOW_DEPLOY_AUTH_DATABASE         with basic-auth: the auth database on the same instance
    MLFLOW_DEPLOY_AUTH_DEFAULT_PERMISSION       READ, EDIT, MANAGE or NO_PERMISSIONS
    MLFLOW_FLASK_SERVER_SECRET_KEY      one key for every task and worker (ECS secret)
    MLFLOW_DEPLOY_ADMIN_USERNAME / _PASSWORD        (ECS secrets; init creates or updates the user)
    MLFLOW_DEPLOY_VERIFIER_USERNAME / _PASSWORD     (ECS secrets; init creates or updates the user)

Secrets never reach a command line, a log line or a file outside the private runtime directory.
The password reaches libpq through a password file, not PGPASSWORD: the file can be rewritten
when RDS rotates the password, so connections opened later still log in.
"""

import importlib.metadata
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Values that must never be passed on to `mlflow server`'s environment once they are used.
_CONSUMED_SECRETS = (
    "PGPASSWORD",
    "MLFLOW_DEPLOY_ADMIN_USERNAME",
    "MLFLOW_DEPLOY_ADMIN_PASSWORD",
    "MLFLOW_DEPLOY_VERIFIER_USERNAME",
    "MLFLOW_DEPLOY_VERIFIER_PASSWORD",
)

_PERMISSIONS = ("READ", "EDIT", "MANAGE", "NO_PERMISSIONS")


class SetupError(Exception):
    """A configuration the container cannot run with: one line, exit 2."""


def log(line):
    print(f"mlflow-deploy: {line}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- shared checks


def backend_store_uri(env):
    uri = env.get("MLFLOW_BACKEND_STORE_URI", "")
    if not uri:
        raise SetupError("MLFLOW_BACKEND_STORE_URI is not set: the task definition must give the database URI")
    parts = urlsplit(uri)
    if not parts.scheme.startswith("postgresql"):
        raise SetupError(f"MLFLOW_BACKEND_STORE_URI is a {parts.scheme or 'schemeless'} URI, not postgresql://")
    if parts.password is not None:
        raise SetupError("MLFLOW_BACKEND_STORE_URI carries a password: pass the password as PGPASSWORD, never in the URI")
    if not parts.username or not parts.hostname:
        raise SetupError("MLFLOW_BACKEND_STORE_URI needs a user and a host: postgresql://user@host:port/db")
    try:
        parts.port  # noqa: B018 - urllib raises on "host:5432:5432"
    except ValueError:
        raise SetupError("MLFLOW_BACKEND_STORE_URI has more than one port after the host: build it from the instance's address, not its endpoint") from None
    return uri


def check_mlflow_version(env):
    expected = env.get("MLFLOW_DEPLOY_EXPECTED_VERSION", "")
    try:
        installed = importlib.metadata.version("mlflow")
    except importlib.metadata.PackageNotFoundError:
        raise SetupError("MLflow is not installed in this image: build it from infra/image") from None
    if expected and installed != expected:
        raise SetupError(f"this image holds MLflow {installed} but the stack expects {expected}: build the image with --build-arg MLFLOW_VERSION={expected}")
    return installed


def database_password(env):
    password = env.get("PGPASSWORD", "")
    if not password:
        raise SetupError("PGPASSWORD is empty: the task definition must inject the RDS-managed secret's password key")
    return password


def with_database(uri, database):
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(database, safe=""), parts.query, ""))


# --------------------------------------------------------------------------- serve


def runtime_directory(env):
    """A private folder in memory (/dev/shm) when the container has one, else on the task volume."""
    for base in ("/dev/shm", env.get("TMPDIR") or tempfile.gettempdir()):
        if os.path.isdir(base) and os.access(base, os.W_OK):
            path = tempfile.mkdtemp(prefix="mlflow-deploy-", dir=base)
            os.chmod(path, 0o700)
            return path
    raise SetupError("neither /dev/shm nor TMPDIR is writable: mount a volume on /tmp (the root filesystem is read-only)")


def passfile_line(uri, password):
    """One ~/.pgpass line for the URI's host, port and user, any database (tracking and auth)."""
    parts = urlsplit(uri)

    def escaped(value):
        return value.replace("\\", "\\\\").replace(":", "\\:")

    return ":".join([
        escaped(parts.hostname), str(parts.port or 5432), "*", escaped(unquote(parts.username)), escaped(password),
    ]) + "\n"


def write_private(path, text):
    """Writes a 0600 file atomically, so libpq never reads half a password."""
    folder = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def auth_config(env, uri, admin_username):
    permission = env.get("MLFLOW_DEPLOY_AUTH_DEFAULT_PERMISSION", "READ")
    if permission not in _PERMISSIONS:
        raise SetupError(f"MLFLOW_DEPLOY_AUTH_DEFAULT_PERMISSION is {permission!r}: use one of {', '.join(_PERMISSIONS)}")
    database = env.get("MLFLOW_DEPLOY_AUTH_DATABASE", "")
    if not database:
        raise SetupError("--app-name basic-auth needs MLFLOW_DEPLOY_AUTH_DATABASE: the task definition names the auth database")
    settings = {
        "default_permission": permission,
        "database_uri": with_database(uri, database),
        "admin_username": admin_username,
        # The init task created the administrator with the password from Secrets Manager, so the
        # server never needs it: MLflow only uses this to create a missing admin, and a missing
        # admin gets a password nobody knows rather than a known one.
        "admin_password": secrets.token_urlsafe(32),
        "authorization_function": "mlflow.server.auth:authenticate_request_basic_auth",
    }
    # MLflow reads the file with ConfigParser's default interpolation: a literal '%' is written '%%'.
    return "[mlflow]\n" + "".join(f"{key} = {value.replace('%', '%%')}\n" for key, value in settings.items())


def refresh_seconds(env):
    text = env.get("MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS", "0") or "0"
    try:
        seconds = int(text)
    except ValueError:
        raise SetupError(f"MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS is {text!r}, not a whole number of seconds") from None
    if seconds < 0:
        raise SetupError("MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS must be 0 (off) or more")
    return seconds


def read_rotated_password(secret_arn, region):
    import boto3  # in the image; imported here so `init` and the tests do not need it

    client = boto3.client("secretsmanager", region_name=region)
    value = client.get_secret_value(SecretId=secret_arn)["SecretString"]
    return json.loads(value)["password"]


def refresh_passfile(path, uri, secret_arn, region, current, read=read_rotated_password):
    """One refresh: rewrites the password file when the secret's password changed. Returns the password in use."""
    password = read(secret_arn, region)
    if password and password != current:
        write_private(path, passfile_line(uri, password))
        log("the database password was rotated: the password file now holds the new one")
        return password
    return current


def start_password_refresher(path, uri, password, env):
    """A child process that keeps the password file current while the server (this pid, after exec) runs."""
    seconds = refresh_seconds(env)
    secret_arn = env.get("MLFLOW_DEPLOY_DB_SECRET_ARN", "")
    if seconds == 0 or not secret_arn:
        return None
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    server = os.getpid()
    child = os.fork()
    if child:
        return child
    # The child: never exec'd, never returns. It ends when the server (its parent) is gone.
    current = password
    failures = 0
    try:
        while os.getppid() == server:
            time.sleep(seconds)
            if os.getppid() != server:
                break
            try:
                current = refresh_passfile(path, uri, secret_arn, region, current)
                failures = 0
            except Exception as error:  # keep serving with the password we have
                failures += 1
                if failures in (1, 10) or failures % 60 == 0:
                    log(f"could not re-read the database password ({type(error).__name__}); retrying every {seconds} s")
    finally:
        os._exit(0)


def option(args, flag):
    """The value of `flag value` or `flag=value` in args, or None."""
    for index, word in enumerate(args):
        if word == flag and index + 1 < len(args):
            return args[index + 1]
        if word.startswith(flag + "="):
            return word[len(flag) + 1 :]
    return None


def serve(args, env):
    if option(args, "--backend-store-uri") is not None or "--backend-store-uri" in args:
        raise SetupError("--backend-store-uri must not be on the command line (it would show in /proc/*/cmdline): set MLFLOW_BACKEND_STORE_URI instead")
    uri = backend_store_uri(env)
    version = check_mlflow_version(env)
    password = database_password(env)
    basic_auth = option(args, "--app-name") == "basic-auth"
    if basic_auth:
        if not env.get("MLFLOW_FLASK_SERVER_SECRET_KEY"):
            raise SetupError("basic-auth needs MLFLOW_FLASK_SERVER_SECRET_KEY: without one key every worker makes its own and logins break")
        if not env.get("MLFLOW_DEPLOY_ADMIN_USERNAME"):
            raise SetupError("basic-auth needs MLFLOW_DEPLOY_ADMIN_USERNAME (the admin secret's username key)")
        config = auth_config(env, uri, env["MLFLOW_DEPLOY_ADMIN_USERNAME"])
    refresh_seconds(env)

    # Everything is checked: only now is anything written.
    folder = runtime_directory(env)
    child_env = {k: v for k, v in env.items() if k not in _CONSUMED_SECRETS}
    passfile = os.path.join(folder, "pgpass")
    write_private(passfile, passfile_line(uri, password))
    child_env["PGPASSFILE"] = passfile
    if basic_auth:
        ini = os.path.join(folder, "basic_auth.ini")
        write_private(ini, config)
        child_env["MLFLOW_AUTH_CONFIG_PATH"] = ini

    start_password_refresher(passfile, uri, password, env)
    log(f"starting MLflow {version}: mlflow server {' '.join(args)}")
    os.execvpe("mlflow", ["mlflow", "server", *args], child_env)


# --------------------------------------------------------------------------- init


def ensure_database(uri, name):
    """Creates the auth database on the tracking database's instance unless it exists."""
    import psycopg2
    from psycopg2 import errors, sql

    parts = urlsplit(uri)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=unquote(parts.username),
        dbname=unquote(parts.path.lstrip("/")),
        sslmode="require",
        connect_timeout=15,
    )
    try:
        connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone():
                return False
            try:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except errors.DuplicateDatabase:
                return False
            return True
    finally:
        connection.close()


def open_auth_store(uri):
    """MLflow's own auth store: init_db runs the auth schema's migrations, whatever this MLflow version has."""
    from mlflow.server.auth.sqlalchemy_store import SqlAlchemyStore

    store = SqlAlchemyStore()
    store.init_db(uri)
    return store


def ensure_user(store, username, password, is_admin):
    """The secret is the source of truth: a missing user is created, an existing one gets its password and role."""
    if store.has_user(username):
        store.update_user(username, password=password, is_admin=is_admin)
        return "updated"
    store.create_user(username, password, is_admin=is_admin)
    return "created"


def credentials(env, role):
    username = env.get(f"MLFLOW_DEPLOY_{role}_USERNAME", "")
    password = env.get(f"MLFLOW_DEPLOY_{role}_PASSWORD", "")
    if not username or not password:
        raise SetupError(f"MLFLOW_DEPLOY_{role}_USERNAME and _PASSWORD must both be set: the init hook seeds the {role.lower()} secret before this task runs")
    return username, password


class MigrationError(Exception):
    def __init__(self, code, last_line):
        super().__init__(f"mlflow db upgrade failed (exit {code}): {last_line or 'it printed nothing'}")


def run_upgrade(uri, env):
    """Runs the migration, passing its output through line by line; returns (exit code, last line printed)."""
    process = subprocess.Popen(
        ["mlflow", "db", "upgrade", uri],
        env={k: v for k, v in env.items() if k not in _CONSUMED_SECRETS or k == "PGPASSWORD"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    last_line = ""
    for line in process.stdout:
        sys.stderr.write(line)
        if line.strip():
            last_line = line.strip()
    sys.stderr.flush()
    return process.wait(), last_line


def init(env, upgrade=None, create_database=ensure_database, auth_store=open_auth_store):
    uri = backend_store_uri(env)
    version = check_mlflow_version(env)
    database_password(env)
    log(f"init with MLflow {version}")

    # `mlflow db upgrade` takes the URI as its argument (the CLI reads it no other way); the URI holds
    # no password, which reaches libpq as PGPASSWORD.
    log("upgrading the tracking schema: mlflow db upgrade")
    code, last_line = (upgrade or run_upgrade)(uri, env)
    if code != 0:
        raise MigrationError(code, last_line)

    auth_database = env.get("MLFLOW_DEPLOY_AUTH_DATABASE", "")
    if not auth_database:
        log("authentication is off: no auth database, no users")
        log("init done")
        return

    admin = credentials(env, "ADMIN")
    verifier = credentials(env, "VERIFIER")
    created = create_database(uri, auth_database)
    log(f"auth database {auth_database}: {'created' if created else 'already there'}")
    store = auth_store(with_database(uri, auth_database))
    log("auth schema migrated")
    log(f"administrator {admin[0]}: {ensure_user(store, admin[0], admin[1], True)}")
    log(f"verification user {verifier[0]} (not an admin): {ensure_user(store, verifier[0], verifier[1], False)}")
    log("init done")


# --------------------------------------------------------------------------- main


def main(argv, env):
    command = argv[1] if len(argv) > 1 else ""
    try:
        if command == "serve":
            serve(argv[2:], env)  # returns only on error: exec replaces this process
        elif command == "init":
            init(env)
            return 0
        else:
            raise SetupError(f"unknown command {command!r}: use `serve [mlflow server flags]` or `init`")
    except SetupError as error:
        log(f"ERROR: {error}")
        return 2
    except MigrationError as error:
        log(f"ERROR: {error}")
        return 1
    except Exception as error:  # the task's last log line is what the deploy quotes
        log(f"ERROR: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'no message'}")
        return 1
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv, dict(os.environ)))
