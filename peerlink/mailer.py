"""One way to send mail. The backend comes from MAIL_URL:

console://                      print to the server's console (local default)
file:///path/to/folder          write each message to a file in that folder
smtp://user:password@host:587   SMTP with STARTTLS; smtps:// for implicit TLS
locmem://                       keep in memory (tests read mail.outbox)

`send_mail` sends now; `mail_after_commit` renders now and sends once the transaction
commits (see `peerlink.after_commit`), so a mail goes out only for a change that was saved
and a mail failure never undoes it.
"""

from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_mailman import EmailMessage

from peerlink.after_commit import after_commit


def mail_settings(mail_url: str) -> dict:
    parts = urlsplit(mail_url)
    scheme = parts.scheme
    if scheme in {"console", "locmem", "dummy"}:
        return {"MAIL_BACKEND": scheme}
    if scheme == "file":
        return {"MAIL_BACKEND": "file", "MAIL_FILE_PATH": unquote(parts.path)}
    if scheme in {"smtp", "smtps"}:
        return {
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": parts.hostname or "localhost",
            "MAIL_PORT": parts.port or (465 if scheme == "smtps" else 587),
            "MAIL_USERNAME": unquote(parts.username) if parts.username else None,
            "MAIL_PASSWORD": unquote(parts.password) if parts.password else None,
            "MAIL_USE_SSL": scheme == "smtps",
            "MAIL_USE_TLS": scheme == "smtp" and parts.port != 25,
            "MAIL_TIMEOUT": 10,
        }
    raise ValueError(f"MAIL_URL scheme {scheme!r} is not one of console, file, smtp, smtps")


Attachment = tuple[str, bytes, str]  # (file name, content, MIME type)


def compose(to: str, subject: str, template: str, *, headers: dict | None = None,
            attachments: list[Attachment] | None = None, **context) -> EmailMessage:
    """templates/email/<template>.txt rendered for one recipient, ready to send. `headers`
    are extra headers (List-Unsubscribe ...); `attachments` files sent with it (a calendar
    invitation)."""
    return EmailMessage(
        subject=f"PeerLink: {subject}",
        body=render_template(f"email/{template}.txt", **context),
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
        headers=headers,
        attachments=list(attachments or []),
    )


def send_mail(to: str, subject: str, template: str, *, headers: dict | None = None,
              **context) -> None:
    """Render templates/email/<template>.txt and send it to one recipient now."""
    compose(to, subject, template, headers=headers, **context).send()


def mail_after_commit(to: str, subject: str, template: str, *, headers: dict | None = None,
                      attachments: list[Attachment] | None = None, **context) -> None:
    """Render the message now (the database is still at hand) and send it once the current
    transaction commits; nothing is sent if it rolls back, and a failure is logged."""
    message = compose(to, subject, template, headers=headers, attachments=attachments,
                      **context)
    after_commit(message.send, f"send the {template!r} mail")
