from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.notifications import preferences, schemas
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("notifications_api", __name__,
                    "How each kind of notification reaches you besides PeerLink itself.")


@blp.route("/me/notification-preferences")
class NotificationPreferences(MethodView):
    @blp.response(200, schemas.NotificationPreferenceSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """How each kind of notification reaches you.

        For each kind: in PeerLink only (`in_app`), also an e-mail at once (`immediate`), or
        also the daily e-mail digest (`digest`). Kinds you never chose show their default.
        """
        return preferences.preferences_of(current_user.id)

    @blp.arguments(schemas.NotificationPreferencesUpdateSchema)
    @blp.response(200, schemas.NotificationPreferenceSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data):
        """Choose how kinds of notification reach you.

        Send the kinds to change, as `{"connection_request": "digest"}`; the others stay as
        they are. Nothing changes if any kind is refused. Account security e-mails always go
        out at once: `security` accepts only `immediate`.
        """
        return preferences.set_preferences(current_user.id, data)
