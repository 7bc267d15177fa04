"""`flask ce-log send-reminders` (once a day, docs/deployment.md) and `flask ce-log
seed-templates`."""

import click
from flask.cli import AppGroup

from peerlink.ce_log.reminders import send_reminders
from peerlink.ce_log.services import seed_templates

ce_log_cli = AppGroup("ce-log", help="The CE log.")


@ce_log_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Remind members whose renewal deadline is 90, 30 or 7 days away and not met yet.

    Running it again sends nothing that was already sent."""
    count = send_reminders()
    click.echo(f"Sent {count} CE deadline reminder{'s' if count != 1 else ''}." if count
               else "No CE deadline reminders were due.")


@ce_log_cli.command("seed-templates")
def seed_templates_command() -> None:
    """Add the default license templates that are missing (admins edit them afterwards)."""
    added = seed_templates()
    click.echo(f"Added {added} CE requirement templates." if added
               else "The CE requirement templates are complete.")
