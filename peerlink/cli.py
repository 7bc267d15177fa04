"""Operator commands: `peerlink users create`, `peerlink seed-taxonomies`, `peerlink
seed-demo`, `peerlink reindex-directory`, `peerlink notifications send-digests`, `peerlink ce-log
send-reminders`, `peerlink check` (in a checkout, `flask --app wsgi:app ...`)."""

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from marshmallow import ValidationError

from peerlink.accounts import services as accounts
from peerlink.accounts.models import ROLES
from peerlink.accounts.schemas import UserCreateSchema
from peerlink.ce_log.cli import ce_log_cli
from peerlink.consultations.cli import consultations_cli
from peerlink.demo.seed import DEMO_PASSWORD, LOGIN_PATTERN, featured_logins, seed_demo
from peerlink.directory.index import rebuild_search_index
from peerlink.errors import ValidationFailed
from peerlink.extensions import db
from peerlink.notifications.cli import notifications_cli
from peerlink.taxonomy.services import seed_taxonomies
from peerlink.web import field_errors

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name as peers will see it.")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
def create_user(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Provision an account whose email is already confirmed."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        data = UserCreateSchema().load({"email": email, "name": name, "role": role,
                                        "password": password})
        user = accounts.register_user(**data, confirmed=True)
    except (ValidationError, ValidationFailed) as exc:
        lines = [f"{field}: {' '.join(messages)}"
                 for field, messages in field_errors(exc).items()]
        raise click.ClickException("; ".join(lines)) from exc
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@click.command("seed-demo")
@click.option("--i-know-this-is-production", "production_ok", is_flag=True,
              help="Load it even though PEERLINK_ENV is production.")
def seed_demo_command(production_ok: bool) -> None:
    """Load the demo community once; print how to log in to it every time (`make run` runs
    this before each start, so the logins are on screen whenever the server is).

    Its accounts share a published password (an admin among them), so production refuses
    unless told --i-know-this-is-production."""
    if current_app.config["PEERLINK_ENV"] == "production" and not production_ok:
        raise click.ClickException(
            "seed-demo creates accounts, an admin among them, whose password is published; "
            "this is production, so it did nothing (add --i-know-this-is-production to insist)")
    created = seed_demo()
    click.echo(f"Loaded the demo community: {created} clinicians." if created
               else "The demo community is already loaded.")
    logins = featured_logins()
    if not logins:
        click.echo("No demo accounts are in this database.")
        return
    click.echo(f"Demo logins: {LOGIN_PATTERN}, password {DEMO_PASSWORD} for all. For example:")
    for email, role in logins:
        click.echo(f"  {role:<10} {email}")


@click.command("seed-taxonomies")
def seed_taxonomies_command() -> None:
    """Add the default disciplines, specialties, modalities ... and CE credit bodies that are
    missing."""
    from peerlink.events.credit_bodies import seed_credit_bodies

    added = seed_taxonomies() + seed_credit_bodies()
    db.session.commit()
    click.echo(f"Added {added} taxonomy terms." if added else "The taxonomies are complete.")


@click.command("reindex-directory")
def reindex_directory_command() -> None:
    """Rebuild the directory's full-text index from the profiles."""
    count = rebuild_search_index()
    db.session.commit()
    click.echo(f"Indexed {count} profiles.")


@click.command("check")
def check_command() -> None:
    """Say whether this server is ready: settings, database, migrations, Redis."""
    from peerlink.home.readiness import readiness

    ready, checks = readiness()
    click.echo(f"settings: ok ({current_app.config['PEERLINK_ENV']})")
    for name, outcome in checks.items():
        click.echo(f"{name.replace('_', ' ')}: {outcome}")
    if not ready:
        raise click.exceptions.Exit(1)


def register_cli(app: Flask) -> None:
    app.cli.add_command(check_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(ce_log_cli)
    app.cli.add_command(consultations_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_taxonomies_command)
    app.cli.add_command(reindex_directory_command)
