"""`flask notifications send-digests`: run once a day (docs/deployment.md)."""

import click
from flask.cli import AppGroup

from peerlink.notifications.emails import send_digests

notifications_cli = AppGroup("notifications", help="Notification e-mails.")


@notifications_cli.command("send-digests")
def send_digests_command() -> None:
    """E-mail each member who chose the daily digest what is new since their last one.

    Running it again sends nothing that was already sent."""
    count = send_digests()
    click.echo(f"Sent {count} digest{'s' if count != 1 else ''}." if count
               else "No digests were due.")
