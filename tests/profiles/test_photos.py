"""Profile photos: checked by content, stripped of metadata, resized, stored under a random
name, served only to whoever may see the full profile, and gone with the account."""

import io
import re
import struct

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from peerlink.accounts.models import User
from peerlink.profiles import photos
from peerlink.profiles.signals import profile_changed
from tests import factories
from tests.conftest import csrf_token
from tests.factories import (
    bearer,
    block,
    clinician,
    connect,
    fill_profile,
    give_photo,
    image_bytes,
    profile_of,
)

NAME_IN_URL = re.compile(r"/photos/([A-Za-z0-9_-]{32})-(96|320)\.webp")


@pytest.fixture
def owner(app):
    return clinician("Rosa Delgado", discipline="psychologist", specialties=["trauma-ptsd"])


@pytest.fixture
def peer(app):
    return clinician("Pat Peer", discipline="lcsw")


def log_in(auth, user):
    auth.logout()
    assert auth.login(user.email).status_code == 302


def upload_page(auth, data: bytes, filename: str = "me.jpg"):
    return auth.post("/profile/photo", {"photo": (io.BytesIO(data), filename)})


def put_photo(client, user, data: bytes, filename: str = "me.png", headers=None):
    return client.put("/api/v1/profiles/me/photo", headers=headers or bearer(client, user),
                      data={"photo": (io.BytesIO(data), filename)})


def in_memory_multipart(data: bytes, filename: str, **fields) -> dict:
    """A large upload's body built in memory: the test client would spool one over 500 KB to
    a temporary file that it never closes."""
    boundary, body = encode_multipart(
        {**fields, "photo": FileStorage(io.BytesIO(data), filename=filename)})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def stored_files(upload_dir) -> list[str]:
    directory = upload_dir / "photos"
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a WebP (RIFF) file: the pixels are VP8/VP8L (ALPH, VP8X); EXIF,
    XMP and ICCP would be chunks of their own."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset + 8 <= len(data):
        kind, length = data[offset:offset + 4], struct.unpack("<I", data[offset + 4:offset + 8])[0]
        chunks.append(kind)
        offset += 8 + length + (length & 1)
    return chunks


def gps_exif() -> Image.Exif:
    """What a phone writes: its make, an orientation (turn 90° clockwise to view) and where
    the photo was taken, in the GPS IFD (tag 0x8825)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMakerCo"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (45.0, 31.0, 12.5)  # latitude
    gps[3], gps[4] = "W", (122.0, 40.0, 5.25)  # longitude
    return exif


def is_blue(pixel) -> bool:
    red, green, blue = pixel[:3]
    return blue > 150 and red < 80


def is_red(pixel) -> bool:
    red, green, blue = pixel[:3]
    return red > 150 and blue < 80


# --- upload, metadata, sizes -----------------------------------------------------------------


def test_a_phone_photo_is_served_upright_square_and_without_any_metadata(
        client, auth, owner, peer, upload_dir):
    original = image_bytes("JPEG", (400, 300), exif=gps_exif(), comment=b"taken at home")
    assert b"PhoneMakerCo" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(
        0x8825)[2] == (45.0, 31.0, 12.5)  # the test file really carries the GPS position
    log_in(auth, owner)
    response = upload_page(auth, original)
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{owner.id}"
    assert "Your photo is saved." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    name = profile_of(owner).photo
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", name)  # random: nothing of the member in it
    assert stored_files(upload_dir) == [f"{name}-320.webp", f"{name}-96.webp"]

    log_in(auth, peer)  # another member, who may see the full profile
    for size in (96, 320):
        served = client.get(f"/photos/{name}-{size}.webp")
        assert served.status_code == 200 and served.mimetype == "image/webp"
        data = served.get_data()
        image = Image.open(io.BytesIO(data))
        assert image.format == "WEBP" and image.size == (size, size)
        # No EXIF at all (GPS, make, orientation), no XMP, no colour profile, no comment.
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
        assert set(webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        for needle in (b"Exif", b"PhoneMakerCo", b"taken at home", b"XMP"):
            assert needle not in data
        # Turned upright before cropping: the blue left edge of the stored pixels is the
        # top of the photo as the phone showed it.
        image = image.convert("RGB")
        assert is_blue(image.getpixel((size // 2, size // 20)))
        assert is_red(image.getpixel((size // 2, size - size // 10)))
        assert is_red(image.getpixel((size // 20, size // 2)))


@pytest.mark.parametrize("kind, image", [
    ("PNG", {"format": "PNG", "size": (150, 200), "mode": "RGBA"}),
    ("WebP", {"format": "WEBP", "size": (640, 480)}),
    ("grey PNG", {"format": "PNG", "size": (100, 100), "mode": "L"}),
])
def test_png_and_webp_are_accepted_through_the_api(client, owner, peer, upload_dir, kind, image):
    response = put_photo(client, owner, image_bytes(**image), filename="photo.bin")
    assert response.status_code == 200, response.get_json()
    urls = response.get_json()["photo"]
    name = profile_of(owner).photo
    assert urls == {"card": f"/photos/{name}-96.webp", "profile": f"/photos/{name}-320.webp"}
    served = client.get(urls["card"], headers=bearer(client, peer))
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.get_data())).size == (96, 96)
    assert len(stored_files(upload_dir)) == 2


def test_a_text_file_named_jpg_is_refused_with_the_field_error_and_nothing_is_stored(
        client, auth, owner, upload_dir):
    log_in(auth, owner)
    response = upload_page(auth, b"Not a photo at all, just some notes.\n" * 20, "notes.jpg")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert photos.NOT_A_PHOTO in page
    assert 'id="error-photo"' in page and 'aria-invalid="true"' in page
    assert '<a href="#field-photo">Photo</a>' in page  # the summary links to the field
    assert profile_of(owner).photo is None and stored_files(upload_dir) == []

    response = put_photo(client, owner, b"%PDF-1.4 not an image", filename="scan.png")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"files": {"photo": [photos.NOT_A_PHOTO]}}
    assert profile_of(owner).photo is None and stored_files(upload_dir) == []


def test_a_damaged_image_is_refused(client, owner, upload_dir):
    whole = image_bytes("PNG", (200, 200))
    response = put_photo(client, owner, whole[:len(whole) // 2])
    assert response.status_code == 422
    assert response.get_json()["errors"]["files"]["photo"] == [photos.NOT_A_PHOTO]
    assert stored_files(upload_dir) == []


def test_no_file_is_a_field_error(client, auth, owner):
    response = client.put("/api/v1/profiles/me/photo", headers=bearer(client, owner), data={})
    assert response.status_code == 422
    assert response.get_json()["errors"]["files"]["photo"] == ["Choose a photo to upload."]
    log_in(auth, owner)
    response = upload_page(auth, b"", filename="")  # the browser's empty file box
    assert response.status_code == 422
    assert "Choose a photo to upload." in response.get_data(as_text=True)


def test_a_photo_over_5_mb_is_refused_with_the_field_error(client, auth, owner, upload_dir):
    six_mb = b"\xff\xd8\xff\xe0" + b"\0" * (6 * 1024 * 1024)
    response = client.put("/api/v1/profiles/me/photo", headers=bearer(client, owner),
                          **in_memory_multipart(six_mb, "big.jpg"))
    assert response.status_code == 422
    assert response.get_json()["errors"]["files"]["photo"] == [
        "Choose a photo of 5 MB or less."]
    log_in(auth, owner)
    response = client.post("/profile/photo", **in_memory_multipart(
        six_mb, "big.jpg", csrf_token=csrf_token(client)))
    assert response.status_code == 422
    assert "Choose a photo of 5 MB or less." in response.get_data(as_text=True)
    assert profile_of(owner).photo is None and stored_files(upload_dir) == []


def test_a_body_over_the_servers_limit_is_a_clear_413_never_a_500(app, client, auth, owner):
    app.config["MAX_CONTENT_LENGTH"] = 6 * 1024 * 1024
    seven_mb = b"\0" * (7 * 1024 * 1024)
    response = client.put("/api/v1/profiles/me/photo", headers=bearer(client, owner),
                          **in_memory_multipart(seven_mb, "big.png"))
    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == 413 and "6 MB the server accepts" in body["message"]
    # The page puts the form back with the message under its field.
    log_in(auth, owner)
    response = client.post("/profile/photo", **in_memory_multipart(
        seven_mb, "big.png", csrf_token=csrf_token(client)))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="error-photo"' in page and "Choose a photo of 5 MB or less." in page
    assert 'enctype="multipart/form-data"' in page
    assert profile_of(owner).photo is None
    # Logged out: the same refusal, as a page.
    auth.logout()
    response = client.post("/profile/photo", **in_memory_multipart(seven_mb, "big.png"))
    assert response.status_code == 413
    assert "6 MB the server accepts" in response.get_data(as_text=True)


def test_too_many_pixels_is_refused_before_decoding(client, owner, upload_dir):
    # 8000 × 6000 one-bit pixels: a few kilobytes of PNG, 48 megapixels decoded.
    bomb = image_bytes("PNG", (8000, 6000), mode="1")
    assert len(bomb) < 100_000
    response = put_photo(client, owner, bomb)
    assert response.status_code == 422
    [message] = response.get_json()["errors"]["files"]["photo"]
    assert "megapixels" in message and "at most 40" in message
    assert stored_files(upload_dir) == []
    assert Image.MAX_IMAGE_PIXELS == photos.MAX_PIXELS


# --- replace, delete, account deletion -------------------------------------------------------


def test_replacing_removes_the_old_files_and_its_address(client, owner, peer, upload_dir):
    first = give_photo(owner)
    response = put_photo(client, owner, image_bytes("WEBP", (300, 300)))
    assert response.status_code == 200
    second = profile_of(owner).photo
    assert second != first
    assert stored_files(upload_dir) == [f"{second}-320.webp", f"{second}-96.webp"]
    headers = bearer(client, peer)
    assert client.get(f"/photos/{first}-96.webp", headers=headers).status_code == 404
    assert client.get(f"/photos/{second}-96.webp", headers=headers).status_code == 200


def test_deleting_through_the_page_leaves_initials(client, auth, owner, peer, upload_dir):
    name = give_photo(owner)
    log_in(auth, owner)
    page = client.get("/profile/photo").get_data(as_text=True)
    assert 'data-photo="yes"' in page and f'src="/photos/{name}-320.webp"' in page
    response = auth.post("/profile/photo/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/profile/photo"
    page = client.get("/profile/photo").get_data(as_text=True)
    assert "peers see your initials" in page and 'data-photo="no"' in page
    assert profile_of(owner).photo is None and stored_files(upload_dir) == []
    log_in(auth, peer)
    assert client.get(f"/photos/{name}-96.webp").status_code == 404
    profile = client.get(f"/people/{owner.id}").get_data(as_text=True)
    assert "data-member-photo" not in profile
    assert re.search(r'<span class="avatar avatar-profile avatar-initials" aria-hidden="true" '
                     r'data-member-initials>RD</span>', profile)


def test_deleting_through_the_api(client, owner, upload_dir):
    give_photo(owner)
    headers = bearer(client, owner)
    response = client.delete("/api/v1/profiles/me/photo", headers=headers)
    assert response.status_code == 204
    assert profile_of(owner).photo is None and stored_files(upload_dir) == []
    assert client.get("/api/v1/profiles/me", headers=headers).get_json()["photo"] is None
    # Nothing to remove is not an error.
    assert client.delete("/api/v1/profiles/me/photo", headers=headers).status_code == 204


def test_deleting_the_account_removes_the_photo_files(client, auth, owner, upload_dir, db):
    give_photo(owner)
    assert len(stored_files(upload_dir)) == 2
    owner_id = owner.id
    log_in(auth, owner)
    response = auth.post("/account/delete", {"password": factories.PASSWORD,
                                             "confirm": "DELETE"})
    assert response.status_code == 302
    assert db.session.get(User, owner_id) is None
    assert stored_files(upload_dir) == []


def test_a_refused_account_deletion_keeps_the_files(client, auth, owner, upload_dir):
    give_photo(owner)
    log_in(auth, owner)
    response = auth.post("/account/delete", {"password": "not-the-password-at-all",
                                             "confirm": "DELETE"})
    assert response.status_code == 422
    assert len(stored_files(upload_dir)) == 2


def test_files_written_for_a_change_that_rolls_back_are_removed(app, owner, upload_dir, db):
    def fail(sender, **extra):
        raise RuntimeError("the database went away")

    profile_changed.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            photos.upload_photo(owner, io.BytesIO(image_bytes()))
    finally:
        profile_changed.disconnect(fail)
    db.session.rollback()
    assert stored_files(upload_dir) == []
    assert profile_of(owner).photo is None


# --- who sees it -------------------------------------------------------------------------------


def test_a_blocked_member_gets_404_for_the_photo_either_way(client, owner, peer):
    name = give_photo(owner)
    url = f"/photos/{name}-320.webp"
    assert client.get(url, headers=bearer(client, peer)).status_code == 200
    block(owner, peer)
    response = client.get(url, headers=bearer(client, peer))
    assert response.status_code == 404 and not response.mimetype.startswith("image/")
    # Blocked by the viewer: the photo is gone for them too.
    other = clinician("Ola Other", discipline="lpc")
    block(other, owner)
    assert client.get(url, headers=bearer(client, other)).status_code == 404
    # A cached copy's ETag does not get a 304 past the check.
    etag = f'"{name}-320"'
    response = client.get(url, headers={**bearer(client, peer), "If-None-Match": etag})
    assert response.status_code == 404


def test_a_limited_profile_shows_initials_and_its_photo_is_not_served(client, auth, owner, peer):
    name = give_photo(owner)
    fill_profile(owner, visibility="connections")
    friend = clinician("Fay Friend", discipline="psychiatrist")
    connect(owner, friend)

    assert client.get(f"/photos/{name}-96.webp", headers=bearer(client, peer)).status_code == 404
    assert client.get(f"/photos/{name}-96.webp", headers=bearer(client, friend)).status_code == 200

    log_in(auth, peer)
    page = client.get(f"/people/{owner.id}").get_data(as_text=True)
    assert 'data-profile="limited"' in page
    assert name not in page and "data-member-photo" not in page
    assert ">RD</span>" in page
    api = client.get(f"/api/v1/profiles/{owner.id}", headers=bearer(client, peer)).get_json()
    assert api["limited"] is True and "photo" not in api

    log_in(auth, friend)
    page = client.get(f"/people/{owner.id}").get_data(as_text=True)
    assert f'<img class="avatar avatar-profile" src="/photos/{name}-320.webp" ' \
           f'alt="Photo of Rosa Delgado"' in page


def test_the_public_card_carries_the_photo_only_where_every_member_may_see_it(
        client, auth, owner, peer):
    """Rosa asks Pat to connect: Pat's list shows Rosa's public card, the same for everyone."""
    from peerlink.connections import services as connections

    name = give_photo(owner)
    connections.request_connection(owner, peer.id, "Met at the trauma track")
    headers = bearer(client, peer)

    def incoming_card():
        [request] = client.get("/api/v1/connections/requests?direction=incoming",
                               headers=headers).get_json()
        log_in(auth, peer)
        html = client.get("/connections").get_data(as_text=True)
        return request["member"]["photo_url"], html[html.index("data-incoming"):]

    url, html = incoming_card()
    assert url == f"/photos/{name}-96.webp"
    assert f'<img class="avatar avatar-card" src="/photos/{name}-96.webp" alt=""' in html

    for visibility in ("connections", "connections_and_attendees"):
        fill_profile(owner, visibility=visibility)
        url, html = incoming_card()
        assert url is None and name not in html
        assert re.search(r'<span class="avatar avatar-card avatar-initials" aria-hidden="true" '
                         r'data-member-initials>RD</span>\s*<h3><a href="/people/'
                         + str(owner.id) + '">Rosa Delgado</a>', html)


def test_the_directory_card_shows_the_photo(client, auth, owner, peer):
    name = give_photo(owner)
    log_in(auth, peer)
    html = client.get("/directory?q=trauma").get_data(as_text=True)
    card = html[html.index(f'data-profile-id="{owner.id}"'):]
    card = card[:card.index("</li>")]
    assert f'<img class="avatar avatar-card" src="/photos/{name}-96.webp" alt="" ' \
           f'width="48" height="48" loading="lazy" data-member-photo>' in card
    entry = client.get("/api/v1/directory?q=trauma", headers=bearer(client, peer)).get_json()
    assert entry["items"][0]["photo_url"] == f"/photos/{name}-96.webp"


def test_the_address_is_the_random_name_not_the_member(client, owner, peer):
    name = give_photo(owner)
    headers = bearer(client, peer)
    full = client.get(f"/api/v1/profiles/{owner.id}", headers=headers).get_json()
    assert NAME_IN_URL.fullmatch(full["photo"]["card"]).group(1) == name
    for guess in (f"/photos/{owner.id}-96.webp", f"/photos/{'A' * 32}-96.webp",
                  f"/photos/{name}-97.webp", f"/photos/{name}-96.png",
                  "/photos/..%2F..%2Fsecret_key-96.webp"):
        assert client.get(guess, headers=headers).status_code == 404, guess


def test_visitors_are_sent_to_log_in(client, owner):
    name = give_photo(owner)
    response = client.get(f"/photos/{name}-96.webp")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- caching ---------------------------------------------------------------------------------


def test_cache_headers_keep_the_photo_in_the_viewers_browser_only(client, owner, peer):
    name = give_photo(owner)
    headers = bearer(client, peer)
    response = client.get(f"/photos/{name}-96.webp", headers=headers)
    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control and "max-age=86400" in cache_control
    assert "public" not in cache_control
    assert response.headers["ETag"] == f'"{name}-96"'
    again = client.get(f"/photos/{name}-96.webp",
                       headers={**headers, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert "private" in again.headers["Cache-Control"]


# --- the pages -------------------------------------------------------------------------------


def test_the_photo_page_offers_the_upload_with_its_hint(client, auth, owner):
    log_in(auth, owner)
    page = client.get("/profile/photo").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input id="field-photo" name="photo" type="file"\s+'
                     r'accept="image/jpeg,image/png,image/webp"', page)
    assert "up to 5 MB" in page and 'aria-describedby="hint-photo"' in page
    assert 'data-photo="no"' in page and ">RD</span>" in page
    profile = client.get(f"/people/{owner.id}").get_data(as_text=True)
    assert 'href="/profile/photo">Add a photo</a>' in profile
    editor = client.get("/profile/edit").get_data(as_text=True)
    assert 'href="/profile/photo">Add a photo</a>' in editor


def test_initials():
    assert photos.initials("Rosa Delgado") == "RD"
    assert photos.initials("Ana María Ruiz") == "AR"
    assert photos.initials("cher") == "C"
    assert photos.initials("  (Dr.) Émile  Zola ") == "DZ"
    assert photos.initials("---") == ""
