from flask.views import MethodView
from flask_login import current_user, login_required
from marshmallow import RAISE

from peerlink.directory import search
from peerlink.directory.schemas import DirectoryPageSchema, DirectoryQuerySchema
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("directory_api", __name__,
                    "The peer directory: full-text search over the profiles you may see.")


@blp.route("/directory")
class Directory(MethodView):
    # Unknown parameters are refused: a misspelt filter must not quietly return everyone.
    @blp.arguments(DirectoryQuerySchema, location="query", as_kwargs=False, unknown=RAISE)
    @blp.response(200, DirectoryPageSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(search.SEARCHES)
    def get(self, query):
        """Search the directory, best match first, one page at a time.

        With words, results are sorted by relevance (a name or specialty outranks a mention
        in a bio); without, verified members first, then by name. Only profiles whose privacy
        settings let you see them are counted or returned.
        """
        return search.search_directory(current_user, search.Filters.from_query(query),
                                       page=query["page"], per_page=query["per_page"])
