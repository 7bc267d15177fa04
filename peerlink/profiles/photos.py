"""Profile photos: upload, replace, delete, and serving one to a viewer.

An upload is checked by its content, not its name: Pillow must open it as JPEG, PNG or WebP,
of at most PHOTO_MAX_BYTES and MAX_PIXELS. What is kept is rebuilt from its pixels alone,
turned upright first (EXIF orientation), so no metadata survives: no EXIF (GPS position,
camera, time), no XMP, no comments. It is stored as square WebP files, one per size the pages
draw (cards.PHOTO_SIZES), under UPLOAD_DIR with a random name that the address carries, so a
photo cannot be found from a member's id. Serving a photo asks privacy who may see the full
profile, every time: a member blocked either way, or kept to the limited profile, gets Not
Found, and the public card carries a photo only where the owner shows it to every member.

Files follow the transaction (peerlink.stored_files): new files are removed if it rolls
back, replaced or deleted ones only once it commits.
"""

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from peerlink import stored_files
from peerlink.accounts.models import User
from peerlink.accounts.signals import account_deleting
from peerlink.errors import NotFound, ValidationFailed
from peerlink.extensions import Limit, db
from peerlink.profiles import privacy
from peerlink.profiles.cards import PHOTO_SIZES
from peerlink.profiles.models import Profile
from peerlink.profiles.services import own_profile
from peerlink.profiles.signals import profile_changed

FIELD = "photo"
PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone's camera, not a decompression bomb
FORMATS = ("JPEG", "PNG", "WEBP")
WEBP_QUALITY = 85
# How long a browser may keep a photo without asking again. Private: never a shared cache.
CACHE_SECONDS = 24 * 3600
# Per member, the page and the API together.
UPLOADS = Limit("10 per hour; 30 per day", "photo uploads")
NO_SUCH_PHOTO = "No such photo."
# What secrets.token_urlsafe(24) makes; anything else names no photo and touches no file.
NAME = re.compile(r"[A-Za-z0-9_-]{32}")

# Pillow refuses (DecompressionBombError) images over twice this many pixels and warns over
# it; uploads turn the warning into a refusal too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

TOO_LARGE = f"Choose a photo of {PHOTO_MAX_BYTES // (1024 * 1024)} MB or less."
NOT_A_PHOTO = "Choose a JPEG, PNG or WebP image: this file is not one (or it is damaged)."
TOO_MANY_PIXELS = (f"This image is too large ({{megapixels}} megapixels): choose one of at "
                   f"most {MAX_PIXELS // 1_000_000} megapixels.")
NOTHING_CHOSEN = "Choose a photo to upload."
# What Pillow raises for a file that is not an image it reads, or a damaged one.
DAMAGED = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
           KeyError, TypeError)


def _refuse(message: str) -> ValidationFailed:
    # A file: the API names it under "files", where flask-smorest's own parsing does too.
    return ValidationFailed(errors={FIELD: [message]}, location="files")


# --- files ------------------------------------------------------------------------------------


def photo_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "photos"


def _files(directory: Path, name: str) -> list[Path]:
    return [directory / f"{name}-{size}.webp" for size in PHOTO_SIZES]


def _discard_after_commit(name: str) -> None:
    stored_files.discard_after_commit(_files(photo_dir(), name))


def _write(name: str, renditions: dict[int, bytes]) -> None:
    for path, size in zip(_files(photo_dir(), name), PHOTO_SIZES, strict=True):
        stored_files.write_file(path, renditions[size])


# --- reading and cleaning an upload -----------------------------------------------------------


def read_upload(stream) -> bytes:
    """At most PHOTO_MAX_BYTES from a file the member sent, or a field error."""
    data = stream.read(PHOTO_MAX_BYTES + 1)
    if not data:
        raise _refuse(NOTHING_CHOSEN)
    if len(data) > PHOTO_MAX_BYTES:
        raise _refuse(TOO_LARGE)
    return data


class _TooManyPixels(Exception):
    def __init__(self, width: int, height: int):
        super().__init__(f"{width}×{height}")
        self.megapixels = round(width * height / 1_000_000)


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ValueError("an image without pixels")
    if width * height > MAX_PIXELS:
        raise _TooManyPixels(width, height)


def open_image(data: bytes) -> Image.Image:
    """The image in `data`, decoded, if it is a JPEG, PNG or WebP within the limits.

    Read twice, as Pillow asks: `verify` checks the file's structure (a PNG's checksums)
    without decoding, then a fresh open decodes it. The size is checked from the header
    before any pixel is decoded.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                _check_dimensions(probe)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            _check_dimensions(image)
            # A JPEG decodes straight to a smaller scale (never below twice the largest
            # size kept): a fraction of the memory a 40-megapixel photo takes in full.
            image.draft(None, (2 * max(PHOTO_SIZES), 2 * max(PHOTO_SIZES)))
            image.load()
    except _TooManyPixels as exc:
        raise _refuse(TOO_MANY_PIXELS.format(megapixels=exc.megapixels)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(TOO_MANY_PIXELS.format(megapixels=f"over {MAX_PIXELS // 1_000_000}")) \
            from None
    except DAMAGED:
        raise _refuse(NOT_A_PHOTO) from None
    return image


def _in_srgb(image: Image.Image, mode: str) -> Image.Image:
    """Colours as the page shows them: an embedded colour profile (a phone's Display P3) is
    applied here, because the profile itself is not kept."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")),
                outputMode=mode if image.mode != "L" else "L")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    return image


def _pixels(image: Image.Image) -> Image.Image:
    """Upright, in sRGB, RGB or RGBA, and a new image made of the pixels alone: nothing of
    the file (EXIF, XMP, colour profile, comments) comes along."""
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    image = _in_srgb(image, mode).convert(mode)
    return Image.frombytes(mode, image.size, image.tobytes())


def renditions(image: Image.Image) -> dict[int, bytes]:
    """Square WebP files, cropped around the centre, one per size in PHOTO_SIZES."""
    try:
        clean = _pixels(image)
    except DAMAGED:  # an EXIF block or colour profile Pillow cannot read
        raise _refuse(NOT_A_PHOTO) from None
    files = {}
    for size in PHOTO_SIZES:
        square = ImageOps.fit(clean, (size, size), method=Image.Resampling.LANCZOS,
                              centering=(0.5, 0.5))
        out = io.BytesIO()
        square.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        files[size] = out.getvalue()
    return files


# --- use cases --------------------------------------------------------------------------------


def upload_photo(user: User, stream) -> Profile:
    """Check, clean and store a new photo; the member's previous photo (if any) is removed
    once the new one is saved. A refused file stores nothing and changes nothing."""
    files = renditions(open_image(read_upload(stream)))
    profile = own_profile(user)
    previous = profile.photo
    name = secrets.token_urlsafe(24)
    _write(name, files)
    profile.photo = name
    if previous:
        _discard_after_commit(previous)
    db.session.flush()
    profile_changed.send(profile)
    db.session.commit()
    return profile


def delete_photo(user: User) -> Profile:
    """Remove the member's photo; their initials stand in. Nothing to remove is not an error."""
    profile = own_profile(user)
    if profile.photo:
        _discard_after_commit(profile.photo)
        profile.photo = None
        db.session.flush()
        profile_changed.send(profile)
    db.session.commit()
    return profile


@account_deleting.connect
def _remove_photo_of_deleted_account(user: User, **_) -> None:
    """The account's row goes in the caller's transaction; its photo files once it commits."""
    name = db.session.scalar(select(Profile.photo).where(Profile.user_id == user.id))
    if name:
        _discard_after_commit(name)


@dataclass(frozen=True)
class PhotoFile:
    content: bytes
    etag: str  # the name and size: a file's content never changes under its name


def photo_for_viewer(viewer: User, name: str, size: int) -> PhotoFile:
    """The photo file, if the viewer may see its owner's full profile (the one rule, in SQL).

    Anyone else gets Not Found, exactly as for a name that was never given out: a block
    either way, a profile kept to the limited card, a replaced or deleted photo.
    """
    if size not in PHOTO_SIZES or not NAME.fullmatch(name):
        raise NotFound(NO_SUCH_PHOTO)
    found = db.session.scalar(select(Profile.photo).where(
        Profile.photo == name, privacy.full_profile_visible_to(viewer)))
    if found is None:
        raise NotFound(NO_SUCH_PHOTO)
    path = photo_dir() / f"{found}-{size}.webp"
    try:
        content = path.read_bytes()
    except OSError:
        current_app.logger.warning("Photo %s has no file at %s", found, path)
        raise NotFound(NO_SUCH_PHOTO) from None
    return PhotoFile(content=content, etag=f"{found}-{size}")


# --- initials ---------------------------------------------------------------------------------


def initials(name: str) -> str:
    """What stands in for a photo: the first letters of the first and last words that have
    letters ("Ana María Ruiz" -> "AR")."""
    letters = [next(c for c in word if c.isalpha()) for word in (name or "").split()
               if any(c.isalpha() for c in word)]
    if not letters:
        return ""
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()
