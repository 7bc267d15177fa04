"""`flask consultations send-reminders` (every few minutes: expires unanswered requests,
then reminds), `expire` and `purge-expired` (daily); see docs/deployment.md."""

import click
from flask.cli import AppGroup

from peerlink.consultations import services

consultations_cli = AppGroup("consultations", help="Case consultations.")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@consultations_cli.command("expire")
def expire_command() -> None:
    """Expire requests nobody answered within CONSULTATION_EXPIRY_HOURS."""
    click.echo(f"Expired {_plural(services.expire_unanswered(), 'consultation request')}.")


@consultations_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Expire what nobody answered, then remind both participants of each consultation
    starting within CONSULTATION_REMINDER_MINUTES (once each; running it again sends
    nothing new)."""
    expired = services.expire_unanswered()
    sent = services.send_reminders()
    click.echo(f"Expired {_plural(expired, 'consultation request')}; "
               f"reminded {_plural(sent, 'consultation')}.")


@consultations_cli.command("purge-expired")
def purge_expired_command() -> None:
    """Delete the room messages of consultations whose retention has passed."""
    click.echo(f"Emptied {_plural(services.purge_expired(), 'consultation room')}.")
