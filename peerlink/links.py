"""Links to PeerLink's pages that services can build without a request.

Inside a request these are Flask's `url_for`. In a CLI job (digests, reminders, purges)
there is no request: paths are built from the URL map alone, and absolute links from
`SERVER_NAME` and `PREFERRED_URL_SCHEME`, which production must set. Elsewhere they name
the local server `make run` starts.
"""

from urllib.parse import urljoin

from flask import current_app, has_request_context, request, url_for

LOCAL_SERVER = "127.0.0.1:5000"


class NoServerName(RuntimeError):
    """An absolute link was asked for outside a request in production without SERVER_NAME."""


def _server_name(external: bool) -> str | None:
    config = current_app.config
    server_name = config.get("SERVER_NAME")
    if not server_name and config.get("PEERLINK_ENV") != "production":
        server_name = LOCAL_SERVER
    if external and not server_name:
        raise NoServerName("Set SERVER_NAME so that links in e-mails sent from "
                           "command-line jobs name this site.")
    return server_name


def _build(endpoint: str, values: dict, external: bool) -> str:
    if has_request_context():
        return url_for(endpoint, _external=external, **values)
    config = current_app.config
    server_name = _server_name(external)
    adapter = current_app.url_map.bind(
        server_name or "localhost", script_name=config.get("APPLICATION_ROOT") or "/",
        url_scheme=config.get("PREFERRED_URL_SCHEME") or "http")
    return adapter.build(endpoint, values, force_external=external)


def path_to(endpoint: str, **values) -> str:
    """The page's path, such as /connections: for notifications shown in the app."""
    return _build(endpoint, values, external=False)


def absolute_url(endpoint: str, **values) -> str:
    """The page's full address, such as https://peerlink.example/confirm/…: for e-mails."""
    return _build(endpoint, values, external=True)


def absolute_link(path: str) -> str:
    """A path from `path_to` (a notification's link) as a full address, for e-mails."""
    if has_request_context():
        return urljoin(request.host_url, path)
    scheme = current_app.config.get("PREFERRED_URL_SCHEME") or "http"
    return urljoin(f"{scheme}://{_server_name(external=True)}/", path)
