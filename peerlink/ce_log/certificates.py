"""Certificates of completion, one per line of a member's log (a manual entry or an earned
credit), served to their owner alone.

An upload is checked by its content, never by its name or Content-Type: a PDF must start
with a PDF header and end with a trailer (startxref, %%EOF) and hold objects; an image must
be a JPEG, PNG or WebP that Pillow reads through (`verify`, then a decode). At most
CERTIFICATE_MAX_BYTES. Files are stored as profile photos are (peerlink.stored_files): under
UPLOAD_DIR with a random name, written or removed with the transaction.
"""

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from peerlink import stored_files
from peerlink.accounts.models import User
from peerlink.accounts.signals import account_deleting
from peerlink.ce_log.models import CECertificate
from peerlink.ce_log.services import own_line
from peerlink.errors import NotFound, ValidationFailed
from peerlink.extensions import Limit, db

FIELD = "certificate"
CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp"}
# Per member, the page and the API together.
UPLOADS = Limit("20 per hour; 100 per day", "certificate uploads")
NO_SUCH_CERTIFICATE = "No certificate is attached to this entry."
TOO_LARGE = f"Choose a file of {CERTIFICATE_MAX_BYTES // (1024 * 1024)} MB or less."
NOT_A_CERTIFICATE = ("Choose a PDF, JPEG, PNG or WebP file: this file is not one "
                     "(or it is damaged).")
NOTHING_CHOSEN = "Choose the certificate file to upload."
PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# What Pillow raises for a file that is not an image it reads, or a damaged one.
DAMAGED = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
           KeyError, TypeError, Image.DecompressionBombError, Image.DecompressionBombWarning)
NAME_KEEP = re.compile(r"[^A-Za-z0-9 ._()-]+")


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(errors={FIELD: [message]}, location="files")


def certificate_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "certificates"


def _path(certificate: CECertificate) -> Path:
    return certificate_dir() / f"{certificate.name}.{certificate.kind}"


# --- checking an upload ----------------------------------------------------------------------


def read_upload(stream) -> bytes:
    data = stream.read(CERTIFICATE_MAX_BYTES + 1)
    if not data:
        raise _refuse(NOTHING_CHOSEN)
    if len(data) > CERTIFICATE_MAX_BYTES:
        raise _refuse(TOO_LARGE)
    return data


def _is_pdf(data: bytes) -> bool:
    """A PDF's structure as readers find it: the header at the start, objects, and a
    trailer (startxref, then %%EOF) at the end."""
    tail = data[-2048:]
    return bool(PDF_HEADER.match(data)) and b"%%EOF" in tail and b"startxref" in tail \
        and b" obj" in data and b"endobj" in data


def _image_kind(data: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS)) as probe:
                kind = IMAGE_FORMATS[probe.format]
                probe.verify()
            with Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS)) as image:
                image.draft(None, (1024, 1024))
                image.load()
    except DAMAGED:
        return None
    return kind


def kind_of(data: bytes) -> str:
    """"pdf", "jpeg", "png" or "webp", read from the content, or a field error."""
    if data.startswith(b"%PDF"):
        if _is_pdf(data):
            return "pdf"
        raise _refuse(NOT_A_CERTIFICATE)
    kind = _image_kind(data)
    if kind is None:
        raise _refuse(NOT_A_CERTIFICATE)
    return kind


def _display_name(filename: str | None, kind: str) -> str:
    """The name shown and offered on download: the member's own, kept to plain characters."""
    stem = NAME_KEEP.sub("", Path(filename or "").stem).strip()[:150] or "certificate"
    return f"{stem}.{'jpg' if kind == 'jpeg' else kind}"


# --- use cases -------------------------------------------------------------------------------


def _find(user_id: int, line: str) -> CECertificate | None:
    return db.session.scalar(select(CECertificate).where(CECertificate.user_id == user_id,
                                                         CECertificate.line == line))


def forget_certificate(user_id: int, line: str) -> None:
    """Within the caller's transaction: the row goes, the file once it commits."""
    certificate = _find(user_id, line)
    if certificate is not None:
        stored_files.discard_after_commit([_path(certificate)])
        db.session.delete(certificate)


def attach_certificate(user: User, line: str, stream, filename: str | None) -> CECertificate:
    """Check and store a certificate for a line of the member's own log, replacing any.
    A refused file stores nothing and changes nothing."""
    own_line(user.id, line)
    data = read_upload(stream)
    kind = kind_of(data)
    forget_certificate(user.id, line)
    db.session.flush()
    certificate = CECertificate(user_id=user.id, line=line, name=secrets.token_urlsafe(24),
                                kind=kind, size=len(data),
                                filename=_display_name(filename, kind))
    stored_files.write_file(_path(certificate), data)
    db.session.add(certificate)
    db.session.commit()
    return certificate


def remove_certificate(user: User, line: str) -> None:
    if _find(user.id, line) is None:
        raise NotFound(NO_SUCH_CERTIFICATE)
    forget_certificate(user.id, line)
    db.session.commit()


@dataclass(frozen=True)
class CertificateFile:
    content: bytes
    content_type: str
    filename: str


def certificate_for_owner(user: User, line: str) -> CertificateFile:
    """The file, for the member whose log it is in; anyone else gets Not Found."""
    certificate = _find(user.id, line)
    if certificate is None:
        raise NotFound(NO_SUCH_CERTIFICATE)
    try:
        content = _path(certificate).read_bytes()
    except OSError:
        current_app.logger.warning("Certificate %s has no file", certificate.id)
        raise NotFound(NO_SUCH_CERTIFICATE) from None
    return CertificateFile(content=content, content_type=CONTENT_TYPES[certificate.kind],
                           filename=certificate.filename)


@account_deleting.connect
def _remove_certificates_of_deleted_account(user: User, **_) -> None:
    """The rows go by cascade in the caller's transaction; the files once it commits."""
    stored_files.discard_after_commit([_path(certificate) for certificate in db.session.scalars(
        select(CECertificate).where(CECertificate.user_id == user.id))])
