from flask import jsonify
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.error_handler import ErrorSchema

from peerlink.accounts.security import role_required
from peerlink.profiles import photos, schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("profiles_api", __name__,
                    "Professional profiles and license verification.")

PROFILE_OR_CARD = {"200": {
    "description": "The full profile, or only the limited card when the owner's privacy "
                   "setting does not include you (`limited` tells which).",
    "content": {"application/json": {"schema": {
        "oneOf": [schemas.ProfileSchema, schemas.LimitedProfileSchema]}}},
}}


MODERATORS_ONLY = "Moderators and admins only."


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
        view = services.view_profile(_me(), user_id)
        if not view.full:
            return jsonify(schemas.LimitedProfileSchema().dump(view))
        return view


@blp.route("/profiles/me")
class MyProfile(MethodView):
    @blp.response(200, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Your own profile, with your license and privacy settings and a completeness hint."""
        return services.own_profile_view(_me())

    @blp.arguments(schemas.ProfileUpdateSchema)
    @blp.response(200, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.PROFILE_EDITS)
    def patch(self, data):
        """Change the fields you send; nothing changes if any field is refused."""
        services.update_profile(_me(), data)
        return services.own_profile_view(_me())


@blp.route("/profiles/me/license")
class MyLicense(MethodView):
    @blp.arguments(schemas.LicenseSubmitSchema)
    @blp.response(201, schemas.OwnProfileSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.LICENSE_SUBMISSIONS)
    def post(self, data):
        """Submit your license for verification by a moderator.

        The number stays private: only you and admins ever see it.
        """
        services.submit_license(_me(), **data)
        return services.own_profile_view(_me())


@blp.route("/profiles/me/photo")
class MyPhoto(MethodView):
    @blp.arguments(schemas.PhotoUploadSchema, location="files")
    @blp.response(200, schemas.OwnProfileSchema)
    @blp.alt_response(413, schema=ErrorSchema,
                      description="The request is larger than the server reads at all.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(photos.UPLOADS)
    def put(self, data):
        """Upload your profile photo (multipart/form-data, field `photo`), replacing any.

        A JPEG, PNG or WebP of at most 5 MB and 40 megapixels, checked by its content. It is
        turned upright, cropped square around the centre and kept as 96 and 320 px WebP
        rebuilt from its pixels: no EXIF (GPS position included) or other metadata is kept.
        Whoever may see your full profile sees it; your card shows it to every member only
        if your full profile is visible to all members.
        """
        photos.upload_photo(_me(), data["photo"].stream)
        return services.own_profile_view(_me())

    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self):
        """Remove your profile photo (its files too); your initials stand in."""
        photos.delete_photo(_me())


@blp.route("/license-reviews")
class LicenseReviews(MethodView):
    @blp.arguments(schemas.LicenseReviewQuerySchema, location="query")
    @blp.response(200, schemas.LicenseReviewSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=100)
    @blp.error(403, MODERATORS_ONLY)
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
    @blp.error(403, MODERATORS_ONLY + " Another moderator reviews your own license.")
    @blp.error(409, "This license was already decided.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("moderator")
    def post(self, data, review_id: int):
        """Moderators and admins: mark a license verified, or rejected with a reason.

        The member is notified either way.
        """
        review = services.decide_license(_me(), review_id, **data)
        return services.queued(_me(), review)
