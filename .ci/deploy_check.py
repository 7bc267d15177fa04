"""Deploy PeerLink on this machine the way docs/deployment.md says, then use it.

Builds the wheel, installs it into a fresh virtual environment (no test tools), creates a
PostgreSQL role and database with the page's SQL (127.0.0.1:5432, user postgres), writes an
environment file from the page's example, migrates, seeds the taxonomies and creates members
with the installed `peerlink` command, starts two processes with the page's systemd
ExecStart line, and runs nginx (installed from Debian if missing) with the page's
configuration: a self-signed certificate, free ports, the installed package's static folder.
Then, through nginx: health and readiness, static files with long cache headers, a log-in
form (the CSRF referrer check on a port other than 443), a Socket.IO client on one process
receiving a notification caused through the other (Redis in between, 127.0.0.1:6379), and
two visitors' login rate limits counted apart (two loopback source addresses, so nginx
writes two different X-Forwarded-For). Cleans up after itself; exits 1 with a FAIL line.

Run it as `.ci/deploy-check` (it uses the project's .venv for its client side).
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from contextlib import ExitStack
from pathlib import Path

import requests
import socketio
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deployment.md"
PSQL = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-v", "ON_ERROR_STOP=1",
        "-q", "-X", "-d", "postgres"]
REDIS = "redis://127.0.0.1:6379"
PASSWORD = "granite-meadow-lantern-7"  # noqa: S105 (the check's own members)
STARTED = time.monotonic()


class Failed(Exception):
    pass


def say(message: str) -> None:
    print(f"deploy-check [{time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


def run(command: list[str], *, what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise Failed(f"{what} failed ({shlex.join(map(str, command))}, exit "
                     f"{result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def loopback_address() -> str:
    """A random address in 127.0.0.0/8 (all loopback on Linux), new on every run, so
    rate-limit counters left in Redis by an earlier run never count."""
    return f"127.{secrets.randbelow(200) + 20}.{secrets.randbelow(250) + 1}." \
           f"{secrets.randbelow(250) + 2}"


class SourceAddress(HTTPAdapter):
    """requests from a chosen local address: nginx then sees (and forwards) that one."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


# --- what docs/deployment.md says --------------------------------------------------------


def doc_block(language: str, marker: str) -> str:
    """The first ```language block of the page that contains `marker`."""
    for block in re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(), re.S | re.M):
        if marker in block:
            return block
    raise Failed(f"docs/deployment.md has no ```{language} block containing {marker!r}")


def substitute(text: str, replacements: dict[str, str], where: str) -> str:
    for old, new in replacements.items():
        if old not in text:
            raise Failed(f"{where} in docs/deployment.md no longer contains {old!r}; "
                         "update .ci/deploy_check.py with the page")
        text = text.replace(old, new)
    return text


# --- the steps ----------------------------------------------------------------------------


def build_and_install(work: Path) -> Path:
    dist = work / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
         str(dist), str(ROOT)], what="building the wheel")
    wheel = next(dist.glob("peerlink-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("peerlink/static/vendor/socket.io/socket.io.min.js",
                   "peerlink/static/vendor/swagger-ui/swagger-ui-bundle.js",
                   "peerlink/templates/base.html", "peerlink/migrations/env.py"):
        if needed not in names:
            raise Failed(f"the wheel lacks {needed}")
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    if "peerlink = peerlink.command:main" not in zipfile.ZipFile(wheel).read(
            entry_points).decode():
        raise Failed("the wheel has no `peerlink` console command")
    say(f"built {wheel.name} ({wheel.stat().st_size // 1024} KB): app, templates, "
        "migrations, front-end libraries, `peerlink` command")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], what="creating the virtual environment")
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
         str(wheel)], what="installing the wheel")
    found = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", "import pytest"],  # noqa: S603
                           capture_output=True)
    if found.returncode == 0:
        raise Failed("the wheel installed pytest: test tools must not reach a server")
    say("installed it into a fresh virtual environment (no test tools)")
    return venv


def create_database(stack: ExitStack) -> str:
    name = f"peerlink_deploy_{secrets.token_hex(4)}"
    sql = doc_block("sh", "CREATE ROLE peerlink")
    sql = sql.split("<<'SQL'\n", 1)[1].split("\nSQL", 1)[0]
    sql = re.sub(r"\bpeerlink\b", name, sql)
    run(PSQL, input=sql, what="creating the role and database (the page's SQL)")
    stack.callback(drop_database, name)
    say(f"created role and database {name} with the page's SQL")
    return f"postgresql://{name}:a-long-random-password@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    subprocess.run([*PSQL, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',  # noqa: S603
                    "-c", f'DROP ROLE IF EXISTS "{name}"'], capture_output=True, text=True)


def write_env_file(work: Path, path: Path, database_url: str, server_name: str) -> None:
    example = doc_block("sh", "# /etc/peerlink/peerlink.env:")
    ours = {
        "PEERLINK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": database_url,
        "SERVER_NAME": server_name,
        "UPLOAD_DIR": str(work / "uploads"),
        "MAIL_URL": f"file://{work / 'mail'}",
        "MAIL_DEFAULT_SENDER": f"PeerLink <no-reply@{server_name}>",
        "SOCKETIO_MESSAGE_QUEUE": f"{REDIS}/0",
        "RATELIMIT_STORAGE_URI": f"{REDIS}/1",
        "PROXY_FIX_X_FOR": "1",
        "PROXY_FIX_X_PROTO": "1",
        "ACCESS_LOG": "1",
    }
    names = [line.split("=", 1)[0] for line in example.splitlines()
             if "=" in line and not line.startswith("#")]
    unknown = [name for name in names if name not in ours]
    required = {"PEERLINK_ENV", "SECRET_KEY", "DATABASE_URL", "MAIL_URL", "SERVER_NAME",
                "UPLOAD_DIR"}
    if not required <= set(names):
        raise Failed(f"the page's environment file lacks {sorted(required - set(names))}")
    if unknown:
        raise Failed(f"the page's environment file sets {unknown}, which this check does not "
                     "know how to fill in")
    path.write_text("# written by .ci/deploy-check from docs/deployment.md\n"
                    + "".join(f"{name}={ours[name]}\n" for name in names))


class Site:
    """The installed command, its environment, and the processes started from it."""

    def __init__(self, work: Path, venv: Path, env_file: Path):
        self.work, self.venv, self.env_file = work, venv, env_file
        self.home = work / "home"  # WorkingDirectory= and HOME: nothing may land here
        self.home.mkdir(exist_ok=True)
        self.environ = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(self.home),
                        "LANG": "C.UTF-8", "PEERLINK_ENV_FILE": str(env_file)}

    def peerlink(self, *args: str, stdin: str = "", check: bool = True):
        command = [str(self.venv / "bin" / "peerlink"), *args]
        result = subprocess.run(command, cwd=self.home, env=self.environ, input=stdin,  # noqa: S603
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise Failed(f"`peerlink {shlex.join(args)}` failed (exit {result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")
        return result

    def run_unit(self, unit_marker: str) -> subprocess.CompletedProcess:
        """A oneshot service from the page: its ExecStart line, run as systemd would."""
        unit = doc_block("ini", unit_marker)
        exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
        command = substitute(exec_start.removeprefix("ExecStart="), {
            "/opt/peerlink/current": str(self.venv)}, "The job's systemd unit")
        args = shlex.split(command)
        return self.peerlink(*args[1:])

    def start(self, stack: ExitStack, port: int) -> Path:
        unit = doc_block("ini", "# /etc/systemd/system/peerlink@.service")
        exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
        command = substitute(exec_start.removeprefix("ExecStart="), {
            "/opt/peerlink/current": str(self.venv), "%i": str(port)}, "The systemd unit")
        log = self.work / f"peerlink-{port}.log"
        with open(log, "w") as out:
            process = subprocess.Popen(shlex.split(command), cwd=self.home, env=self.environ,  # noqa: S603
                                       stdout=out, stderr=subprocess.STDOUT)
        stack.callback(stop, process, signal.SIGQUIT)
        wait_for(f"http://127.0.0.1:{port}/readyz", process, log)
        return log


def stop(process: subprocess.Popen, how: int) -> None:
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 90,
             **kwargs) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failed(f"{url}: the process exited ({process.returncode}):\n{log.read_text()}")
        try:
            if requests.get(url, timeout=2, **kwargs).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise Failed(f"{url} did not answer 200 within {timeout:.0f}s:\n{log.read_text()}")


def ensure_nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    if nginx:
        return nginx
    if os.geteuid() != 0:
        raise Failed("nginx is not installed (apt-get install nginx, as root)")
    say("installing nginx from Debian")
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Debian starts a service at install unless policy-rc.d says no: keep it from taking :80.
    policy = Path("/usr/sbin/policy-rc.d")
    temporary_policy = not policy.exists()
    if temporary_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        run(["apt-get", "update", "-q"], what="apt-get update", env=environ)
        run(["apt-get", "install", "-y", "-q", "nginx"], what="installing nginx", env=environ)
    finally:
        if temporary_policy:
            policy.unlink()
    return shutil.which("nginx") or "/usr/sbin/nginx"


# `-I` where the installed package is asked where it is: `-c` would otherwise put the working
# directory (a checkout, which nginx's workers may not read) first on the path.
def start_nginx(stack: ExitStack, work: Path, venv: Path, upstreams: tuple[int, int],
                tls_port: int, http_port: int) -> tuple[Path, Path]:
    nginx = ensure_nginx()
    prefix = work / "nginx"
    prefix.mkdir()
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=peerlink.test", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)], what="making a self-signed certificate")
    static = run([str(venv / "bin" / "python"), "-I", "-c",
                  "import peerlink, pathlib; print(pathlib.Path(peerlink.__file__).parent"
                  " / 'static')"], what="finding the static folder").stdout.strip()
    site = substitute(doc_block("nginx", "# /etc/nginx/sites-available/peerlink"), {
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{upstreams[0]};",
        "server 127.0.0.1:8002;": f"server 127.0.0.1:{upstreams[1]};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl;": f"listen 127.0.0.1:{tls_port} ssl;",
        "listen [::]:443 ssl;": "",
        "/etc/letsencrypt/live/peerlink.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/peerlink.example.org/privkey.pem": str(key),
        "/opt/peerlink/current/lib/python3.11/site-packages/peerlink/static/": f"{static}/",
    }, "The nginx configuration")
    access_log = prefix / "access.log"
    temp = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(f"""# The check's frame around the site configuration from docs/deployment.md.
daemon off;
worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
    access_log {access_log} upstream;
{temp}
{site}
}}
""")
    run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(conf)], what="nginx -t")
    error_log = prefix / "error.log"
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf)],  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    stack.callback(stop, process, signal.SIGQUIT)
    wait_for(f"https://127.0.0.1:{tls_port}/healthz", process, error_log, timeout=30,
             verify=str(cert))
    say(f"nginx -t passed on the page's configuration; nginx serves https://127.0.0.1:"
        f"{tls_port} (self-signed) and http://127.0.0.1:{http_port}")
    return cert, access_log


class Visitor:
    """A browser at its own loopback address, talking to nginx."""

    def __init__(self, base: str, cert: Path, address: str | None = None):
        self.base = base
        self.http = requests.Session()
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE would outrank `verify`
        self.http.verify = str(cert)
        if address:
            self.http.mount("https://", SourceAddress(address))

    def csrf(self, path: str) -> str:
        page = self.http.get(self.base + path, timeout=10)
        match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
        if match is None:
            raise Failed(f"no CSRF token on {path} ({page.status_code})")
        return match.group(1)

    def post_form(self, path: str, data: dict) -> requests.Response:
        # Browsers send a Referer on same-origin form posts; Flask-WTF compares it with the
        # Host nginx passes on (with its port) over HTTPS.
        return self.http.post(self.base + path, data={"csrf_token": self.csrf(path), **data},
                              headers={"Referer": self.base + path}, allow_redirects=False,
                              timeout=10)

    def log_in(self, email: str, password: str) -> requests.Response:
        return self.post_form("/login", {"email": email, "password": password})


def check_health_and_static(base: str, cert: Path, http_port: int, static: Path) -> None:
    health = requests.get(f"{base}/healthz", verify=str(cert), timeout=10)
    ready = requests.get(f"{base}/readyz", verify=str(cert), timeout=10)
    expected = {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "uploads": "ok", "message_queue": "ok",
        "rate_limit_storage": "ok"}}
    if health.json() != {"status": "ok"} or ready.json() != expected:
        raise Failed(f"/healthz or /readyz through nginx: {health.text} {ready.text}")
    say(f"/healthz {health.json()}; /readyz {json.dumps(ready.json()['checks'])}")

    login = requests.get(f"{base}/login", verify=str(cert), timeout=10).text
    css = re.search(r'href="(/static/css/peerlink\.css\?v=[0-9a-f]+)"', login)
    if css is None:
        raise Failed("the login page links no versioned /static/css/peerlink.css")
    for path in (css.group(1), "/static/vendor/socket.io/socket.io.min.js"):
        response = requests.get(base + path, verify=str(cert), timeout=10)
        file = static / path.removeprefix("/static/").split("?")[0]
        cache = response.headers.get("Cache-Control", "")
        if response.status_code != 200 or response.content != file.read_bytes():
            raise Failed(f"{path} through nginx: {response.status_code}")
        if "max-age=31536000" not in cache or "Content-Security-Policy" in response.headers:
            raise Failed(f"{path} was not served by nginx with a year's cache: {cache!r}")
    say(f"static files come from nginx, out of the installed package ({cache})")

    redirect = requests.get(f"http://127.0.0.1:{http_port}/login", allow_redirects=False,
                            timeout=10)
    if redirect.status_code != 301 or not redirect.headers["Location"].startswith("https://"):
        raise Failed(f"plain HTTP does not redirect to HTTPS: {redirect.status_code}")
    say("plain HTTP answers 301 to https://")


def member_id(output: str) -> int:
    match = re.search(r"\(id (\d+)\)", output)
    if match is None:
        raise Failed(f"`peerlink users create` said: {output}")
    return int(match.group(1))


def check_login_and_logs(base: str, cert: Path, logs: dict[int, Path]) -> None:
    address = loopback_address()
    ana = Visitor(base, cert, address)
    response = ana.log_in("ana@deploy.test", PASSWORD)
    if response.status_code != 302 or not response.headers["Location"].endswith("/home"):
        raise Failed(f"logging in through nginx: {response.status_code}\n{response.text[:600]}")
    home = ana.http.get(base + "/home", timeout=10)
    if "Welcome, Ana Deploy" not in home.text:
        raise Failed("after logging in, /home does not greet Ana")
    say("Ana logged in through nginx on a port other than 443 (CSRF referrer check passed)")
    wanted = {"access": None, "audit": None}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(wanted.values()):
        for port, log in logs.items():
            for line in log.read_text().splitlines():
                entry = json.loads(line) if line.startswith("{") else {}
                if (entry.get("logger"), entry.get("method"), entry.get("path"),
                        entry.get("remote_addr")) == ("peerlink.access", "POST", "/login",
                                                      address):
                    wanted["access"] = (port, line)
                if entry.get("logger") == "peerlink.audit" and entry.get("data", {}).get(
                        "ip") == address:
                    wanted["audit"] = (port, line)
        time.sleep(0.2)
    for kind, found in wanted.items():
        if found is None:
            raise Failed(f"no JSON {kind} log line names Ana's address {address}")
        say(f"the {kind} log of process :{found[0]} names Ana's address: {found[1]}")


def check_notification_across_processes(base: str, cert: Path, access_log: Path,
                                        ports: tuple[int, int], ana_id: int) -> None:
    ana = Visitor(base, cert)  # from 127.0.0.1: the socket's polling and websocket agree
    if ana.log_in("ana@deploy.test", PASSWORD).status_code != 302:
        raise Failed("Ana could not log in again for her socket")
    client = socketio.Client(reconnection=False, http_session=ana.http)
    received, payload = threading.Event(), {}

    @client.on("notification", namespace="/notifications")
    def on_notification(data):
        if "asked to connect with you" in data.get("message", ""):
            payload.update(data)
            received.set()

    try:
        client.connect(base, namespaces=["/notifications"], wait_timeout=15)
        for _ in range(50):
            if client.transport() == "websocket":
                break
            time.sleep(0.1)
        upstream = None
        for line in access_log.read_text().splitlines():
            if "/socket.io/?" in line and "transport=polling" in line:
                upstream = int(line.rsplit("upstream=127.0.0.1:", 1)[1].split()[0])
        if upstream not in ports:
            raise Failed("the nginx access log shows no Socket.IO handshake to a process")
        other = ports[1] if upstream == ports[0] else ports[0]
        say(f"Ana's Socket.IO client is connected through nginx to process :{upstream} "
            f"({client.transport()})")

        direct = f"http://127.0.0.1:{other}/api/v1"
        token = requests.post(f"{direct}/auth/tokens", timeout=10, json={
            "email": "ben@deploy.test", "password": PASSWORD, "name": "deploy check"})
        if token.status_code != 201:
            raise Failed(f"Ben's API token from process :{other}: {token.text}")
        asked = requests.post(f"{direct}/connections", timeout=10,
                              json={"user_id": ana_id, "note": "Met at the deploy check."},
                              headers={"Authorization": f"Bearer {token.json()['token']}"})
        if asked.status_code != 201:
            raise Failed(f"Ben's connection request through process :{other}: {asked.text}")
        if not received.wait(15):
            raise Failed(f"Ana's socket on :{upstream} heard nothing of the request sent "
                         f"through :{other} (Redis message queue)")
    finally:
        client.disconnect()
    say(f"Ben asked to connect through process :{other}; Ana's socket on :{upstream} got "
        f"{payload['message']!r}")


def check_rate_limits(base: str, cert: Path) -> None:
    import redis

    first, second = loopback_address(), loopback_address()
    # A new address each time: after 5 failures one e-mail address is locked for everyone
    # (accounts.lockout), and this is about the limit per visitor (10 a minute).
    statuses = [Visitor(base, cert, first).log_in(f"nobody{n}@deploy.test", "wrong-pass")
                .status_code for n in range(11)]
    if statuses != [422] * 10 + [429]:
        raise Failed(f"11 failed logins from {first} answered {statuses}")
    other = Visitor(base, cert, second).log_in("someone@deploy.test", "wrong-pass")
    if other.status_code != 422:
        raise Failed(f"a second visitor ({second}) was refused too ({other.status_code}): "
                     "rate limits count per proxy, not per visitor")
    keys = redis.Redis.from_url(f"{REDIS}/1").keys(f"*{first}*")
    if not keys:
        raise Failed(f"no rate-limit counter in Redis names {first}")
    say(f"rate limits: {first} got 429 on its 11th failed login, {second} still 422 "
        f"(Redis key {keys[0].decode()})")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="peerlink-deploy-"))
    work.chmod(0o755)  # nginx's workers read the static files in here
    failed = False
    with ExitStack() as stack:
        try:
            venv = build_and_install(work)
            database_url = create_database(stack)
            server_name = f"peerlink-{secrets.token_hex(3)}.test"
            env_file = work / "peerlink.env"
            bad = work / "unsafe.env"
            bad.write_text("PEERLINK_ENV=production\nSECRET_KEY=x\n")
            site = Site(work, venv, bad)
            refused = site.peerlink("check", check=False)
            if refused.returncode != 2 or not refused.stderr.startswith(
                    "peerlink: SECRET_KEY must be at least 32 random bytes") or \
                    "Traceback" in refused.stderr:
                raise Failed(f"unsafe settings were not refused in one line each:\n"
                             f"{refused.stderr}")
            say(f"unsafe settings refused (exit 2): {refused.stderr.splitlines()[0]}")

            write_env_file(work, env_file, database_url, server_name)
            site = Site(work, venv, env_file)
            site.peerlink("db", "upgrade")
            seeded = site.peerlink("seed-taxonomies").stdout.strip()
            ana_id = member_id(site.peerlink("users", "create", "ana@deploy.test", "--name",
                                             "Ana Deploy", "--password-stdin",
                                             stdin=PASSWORD + "\n").stdout)
            site.peerlink("users", "create", "ben@deploy.test", "--name", "Ben Deploy",
                          "--password-stdin", stdin=PASSWORD + "\n")
            demo = site.peerlink("seed-demo", check=False)
            if demo.returncode == 0 or "--i-know-this-is-production" not in demo.stderr:
                raise Failed(f"seed-demo ran in production:\n{demo.stdout}{demo.stderr}")
            digest = site.run_unit("# /etc/systemd/system/peerlink-digest.service")
            checked = site.peerlink("check").stdout.split("\n")
            say(f"peerlink db upgrade, seed-taxonomies ({seeded}), users create x2; "
                f"seed-demo refused; the digest timer's job: {digest.stdout.strip()!r}; "
                f"peerlink check: {'; '.join(filter(None, checked))}")

            ports = (free_port(), free_port())
            logs = {port: site.start(stack, port) for port in ports}
            if (site.home / ".gunicorn").exists() or sorted(p.name for p in site.home.iterdir()):
                raise Failed(f"something was written into the working directory: "
                             f"{sorted(p.name for p in site.home.rglob('*'))}")
            say(f"two gunicorn + gevent processes on :{ports[0]} and :{ports[1]} (the page's "
                "ExecStart line), ready; no control socket, nothing written to their "
                "working directory")

            tls_port, http_port = free_port(), free_port()
            cert, access_log = start_nginx(stack, work, venv, ports, tls_port, http_port)
            base = f"https://127.0.0.1:{tls_port}"
            static = Path(run([str(venv / "bin" / "python"), "-I", "-c",
                               "import peerlink, pathlib; print(pathlib.Path("
                               "peerlink.__file__).parent / 'static')"],
                              what="finding the static folder").stdout.strip())
            check_health_and_static(base, cert, http_port, static)
            check_login_and_logs(base, cert, logs)
            check_notification_across_processes(base, cert, access_log, ports, ana_id)
            check_rate_limits(base, cert)
        except Exception as exc:  # a crash is a failure too, said as plainly
            failed = True
            if not isinstance(exc, Failed):
                traceback.print_exc()
            print(f"deploy-check: FAIL: {exc}", file=sys.stderr, flush=True)
            for log in sorted(work.glob("peerlink-*.log")) + [work / "nginx" / "error.log"]:
                if log.exists():
                    tail = "\n".join(log.read_text().splitlines()[-25:])
                    print(f"--- {log.name} (last lines)\n{tail}", file=sys.stderr)
    say("cleaned up: nginx and both processes stopped, database and role dropped")
    shutil.rmtree(work, ignore_errors=True)
    if failed:
        return 1
    say("PASS: built, installed, configured, migrated, served and used as "
        "docs/deployment.md says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
