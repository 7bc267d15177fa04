from flask import jsonify
from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts.security import role_required
from peerlink.profiles import schemas, services, taxonomy
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("profiles_api", __name__,
                    "Professional profiles, license verification and the taxonomies.")

PROFILE_OR_CARD = {"200": {
    "description": "The full profile, or only the limited card when the owner's privacy "
                   "setting does not include you (`limited` tells which).",
    "content": {"application/json": {"schema": {
        "oneOf": [schemas.ProfileSchema, schemas.LimitedProfileSchema]}}},
}}


def _me():
    return current_user._get_current_object()


@blp.route("/profiles/<int:user_id>")
class ProfileById(MethodView):
    @blp.response(200, schemas.ProfileSchema)
    @blp.doc(security=BEARER_SECURITY, responses=PROFILE_OR_CARD)
    @login_required
    def get(self, user_id: int):
        """A member's profile, with their privacy settings applied.

        404 if there is no such member, or if either of you blocked the other.
        """
        profile, full = services.profile_for_viewer(_me(), user_id)
        if not full:
            return jsonify(schemas.LimitedProfileSchema().dump(profile))
        return profile


@blp.route("/profiles/me")
class MyProfile(MethodView):
    @blp.response(200, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Your own profile, with your license and privacy settings and a completeness hint."""
        return services.own_profile(_me())

    @blp.arguments(schemas.ProfileUpdateSchema)
    @blp.response(200, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data):
        """Change the fields you send; nothing changes if any field is refused."""
        return services.update_profile(_me(), data)


@blp.route("/profiles/me/license")
class MyLicense(MethodView):
    @blp.arguments(schemas.LicenseSubmitSchema)
    @blp.response(201, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data):
        """Submit your license for verification by a moderator.

        The number stays private: only you and admins ever see it.
        """
        services.submit_license(_me(), **data)
        return services.own_profile(_me())


@blp.route("/license-reviews")
class LicenseReviews(MethodView):
    @blp.arguments(schemas.LicenseReviewQuerySchema, location="query")
    @blp.response(200, schemas.LicenseReviewSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("moderator")
    def get(self, args, pagination_parameters):
        """Moderators and admins: the review queue, oldest first.

        Moderators see the jurisdiction; only admins see license numbers.
        """
        reviews, total = services.review_queue(
            _me(), status=args["status"], page=pagination_parameters.page,
            per_page=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return reviews


@blp.route("/license-reviews/<int:review_id>/decision")
class LicenseDecision(MethodView):
    @blp.arguments(schemas.LicenseDecisionSchema)
    @blp.response(200, schemas.LicenseReviewSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("moderator")
    def post(self, data, review_id: int):
        """Moderators and admins: mark a license verified, or rejected with a reason.

        The member is notified either way.
        """
        return services.decide_license(_me(), review_id, **data)


@blp.route("/taxonomies/<name>")
class Taxonomy(MethodView):
    @blp.arguments(schemas.TaxonomyQuerySchema, location="query")
    @blp.response(200, schemas.TermSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, name: str):
        """The terms of a taxonomy in display order: disciplines, specialties, modalities,
        populations, languages or settings."""
        return taxonomy.visible_terms(_me(), name, include_retired=args["include_retired"])

    @blp.arguments(schemas.TermCreateSchema)
    @blp.response(201, schemas.TermSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def post(self, data, name: str):
        """Admins: add a term."""
        return taxonomy.add_term(_me(), name, **data)


@blp.route("/taxonomies/<name>/<slug>")
class TaxonomyTerm(MethodView):
    @blp.arguments(schemas.TermUpdateSchema)
    @blp.response(200, schemas.TermSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def patch(self, data, name: str, slug: str):
        """Admins: rename (label), reorder (position), retire or restore (active) a term."""
        return taxonomy.update_term(_me(), name, slug, **data)
