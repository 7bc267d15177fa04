"""`peerlink`: the one command an operator types (or systemd runs). It reads the environment
file first (PEERLINK_ENV_FILE, default /etc/peerlink/peerlink.env), so the server and every
command run by hand see the same settings and the same database, then:

  peerlink serve --bind 127.0.0.1:8001     gunicorn, one gevent worker: HTTP and Socket.IO
  peerlink check                           settings, database, migrations, Redis
  peerlink db upgrade                      run the migrations
  peerlink seed-taxonomies                 the default disciplines, specialties, ...
  peerlink users create EMAIL --name NAME --role admin --password-stdin
  peerlink <any other app command>         what `flask --app peerlink.wsgi:app` would run

A missing or unsafe setting ends any of them with one line per problem and exit status 2.
"""

import os
import shlex
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from peerlink.config import ConfigError, load_env_file

WSGI_APP = "peerlink.wsgi:app"
GROUP_HELP = ("PeerLink's operator command. Every command reads the environment file first "
              "(PEERLINK_ENV_FILE, default /etc/peerlink/peerlink.env).")


def gunicorn_command(bind: str, control_socket: str | None, extra: tuple[str, ...]) -> list[str]:
    """One process, one gevent worker (Socket.IO keeps per-connection state in the worker)."""
    return [sys.executable, "-m", "gunicorn", "--worker-class", "gevent", "--workers", "1",
            "--bind", bind, *_control_socket_args(control_socket), *extra, WSGI_APP]


def _control_socket_args(path: str | None) -> list[str]:
    """gunicorn 25.1+ opens a control socket at one fixed path per user, so two processes
    would announce the same one: none unless this process is given its own path."""
    from gunicorn.config import KNOWN_SETTINGS

    if "control_socket" not in {setting.name for setting in KNOWN_SETTINGS}:
        return []
    return ["--control-socket", path] if path else ["--no-control-socket"]


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.option("--bind", default="127.0.0.1:8001", show_default=True,
              help="Where this process listens: HOST:PORT or unix:PATH.")
@click.option("--control-socket", metavar="PATH",
              help="Give this process gunicorn's control socket at PATH (one per process); "
                   "none without it.")
@click.option("--print", "print_only", is_flag=True,
              help="Print the gunicorn command line instead of running it.")
@click.argument("gunicorn_options", nargs=-1, type=click.UNPROCESSED)
@with_appcontext
def serve_command(bind: str, control_socket: str | None, print_only: bool,
                  gunicorn_options: tuple[str, ...]) -> None:
    """Serve HTTP and Socket.IO (gunicorn, one gevent worker). Run one per port behind
    nginx; options after the known ones go to gunicorn as they are."""
    command = gunicorn_command(bind, control_socket, gunicorn_options)
    if print_only:
        click.echo(shlex.join(command))
        return
    if current_app.config["PEERLINK_ENV"] != "production":
        click.echo(f"peerlink: PEERLINK_ENV is {current_app.config['PEERLINK_ENV']}: local "
                   "defaults, not for production", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process, so systemd supervises gunicorn itself, and gevent patches a
    # clean interpreter in the worker.
    os.execv(sys.executable, command)  # noqa: S606


class PeerlinkGroup(FlaskGroup):
    """Flask's command group for one app that is already made: no --app, --env-file or
    --debug options, no development server (`run`); `serve` instead."""

    def __init__(self, app):
        super().__init__(create_app=lambda: app, add_default_commands=False,
                         add_version_option=False, load_dotenv=False, set_debug_flag=False,
                         name="peerlink", help=GROUP_HELP)
        self.params = [param for param in self.params
                       if param.name not in {"env_file", "app", "debug"}]
        for command in (serve_command, shell_command, routes_command):
            self.add_command(command)


def main(argv: list[str] | None = None) -> None:
    from sqlalchemy.exc import OperationalError

    try:
        load_env_file()
        from peerlink import create_app

        app = create_app()
    except ConfigError as exc:
        click.echo(exc.lines(), err=True)
        sys.exit(2)
    try:
        PeerlinkGroup(app).main(args=argv, prog_name="peerlink")
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        click.echo(f"peerlink: the database did not answer ({reason})", err=True)
        sys.exit(1)
