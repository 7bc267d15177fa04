"""The CE log's downloads, the same from a page and from the API."""

from flask import Response


def csv_response(text: str) -> Response:
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="ce-log.csv"'})


def file_response(found) -> Response:
    """A certificate as a download, never shown inside PeerLink's own pages; like every
    answer, kept by no cache (the app's Cache-Control: no-store)."""
    response = Response(found.content, mimetype=found.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
