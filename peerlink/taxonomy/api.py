from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts.security import role_required
from peerlink.rest import BEARER_SECURITY, api_blueprint
from peerlink.taxonomy import schemas, services
from peerlink.taxonomy.models import KINDS

blp = api_blueprint("taxonomy_api", __name__,
                    "The taxonomies profiles are described with; admins edit them.")


# Only the taxonomies there are: the document lists them, and any other name is a 404.
NAME = f"<any({', '.join(KINDS)}):name>"
ADMINS_ONLY = "Admins only."


def _me():
    return current_user._get_current_object()


@blp.route(f"/taxonomies/{NAME}")
class Taxonomy(MethodView):
    @blp.arguments(schemas.TaxonomyQuerySchema, location="query")
    @blp.response(200, schemas.TermSchema(many=True))
    @blp.error(403, "Retired terms (include_retired) are for admins only.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, name: str):
        """The terms of a taxonomy in display order: disciplines, specialties, modalities,
        populations, languages or settings."""
        return services.visible_terms(_me(), name, include_retired=args["include_retired"])

    @blp.arguments(schemas.TermCreateSchema)
    @blp.response(201, schemas.TermSchema)
    @blp.error(403, ADMINS_ONLY)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def post(self, data, name: str):
        """Admins: add a term."""
        return services.add_term(_me(), name, **data)


@blp.route(f"/taxonomies/{NAME}/<slug>")
class TaxonomyTerm(MethodView):
    @blp.arguments(schemas.TermUpdateSchema)
    @blp.response(200, schemas.TermSchema)
    @blp.error(403, ADMINS_ONLY)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def patch(self, data, name: str, slug: str):
        """Admins: rename (label), reorder (position), retire or restore (active) a term."""
        return services.update_term(_me(), name, slug, **data)
