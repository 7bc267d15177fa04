from marshmallow import Schema, fields, validate

from peerlink.accounts.models import ROLES
from peerlink.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from peerlink.schemas import MAX_PAGE, InputSchema, WholeNumber, has_letters

_password = validate.Length(
    min=MIN_LENGTH, max=MAX_LENGTH,
    error=f"Use between {MIN_LENGTH} and {MAX_LENGTH} characters.")
_email = [validate.Length(max=254),
          validate.Email(error="Enter an email address like name@clinic.org.")]


class RegisterSchema(InputSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120), has_letters])
    email = fields.String(required=True, validate=_email)
    password = fields.String(required=True, load_only=True, validate=_password)


class UserCreateSchema(RegisterSchema):
    """What an operator provides through `flask users create`."""

    role = fields.String(load_default="member", validate=validate.OneOf(ROLES))


class LoginSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_LENGTH))
    remember = fields.Boolean(load_default=False)
    next = fields.String(load_default="")


class PasswordChangeSchema(InputSchema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))
    new_password = fields.String(required=True, validate=_password)


class PasswordResetRequestSchema(InputSchema):
    email = fields.String(required=True, validate=_email)


class PasswordResetSchema(InputSchema):
    password = fields.String(required=True, validate=_password)


class AccountDeleteSchema(InputSchema):
    password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))
    confirm = fields.String(required=True, validate=validate.Equal(
        "DELETE", error="Type DELETE in capitals to confirm."))


class TokenCreateSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_LENGTH))
    name = fields.String(load_default="API token", validate=validate.Length(max=80))


class OwnTokenCreateSchema(InputSchema):
    """The account page's form. Its fields have names of their own (the page has three forms
    that ask for the password), which are the data keys and the keys of any error."""

    name = fields.String(data_key="token_name", load_default="API token",
                         validate=validate.Length(max=80, error="Use at most 80 characters."))
    password = fields.String(data_key="token_password", required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_LENGTH))


class EmailChangeSchema(InputSchema):
    new_email = fields.String(required=True, validate=_email)
    password = fields.String(data_key="email_password", required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_LENGTH))


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    active = fields.Boolean()


class TokenCreatedSchema(TokenSchema):
    token = fields.String(attribute="plaintext", metadata={
        "description": "Shown once. Send it as `Authorization: Bearer <token>`."})


class UserSchema(Schema):
    """The account as its owner sees it."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    email_confirmed = fields.Boolean()
    created_at = fields.DateTime()


class SuspensionSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(
        min=1, max=500, error="Say why, in up to 500 characters."), metadata={
            "description": "Why; kept in the audit trail, shown to admins only."})


class MemberQuerySchema(InputSchema):
    q = fields.String(load_default="", validate=validate.Length(max=254))
    page = WholeNumber(load_default=1, strict=False, validate=validate.Range(min=1, max=MAX_PAGE))


class MemberAdminSchema(UserSchema):
    """A member as an admin sees them: the account, and when they last came and whether
    they are suspended."""

    last_login_at = fields.DateTime(allow_none=True)
    suspended_at = fields.DateTime(allow_none=True, metadata={
        "description": "Since when the member is suspended; null if they are not."})


class AccountExportSchema(Schema):
    """The account in the member's own download: never the password hash or session nonce."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    email_confirmed_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    last_login_at = fields.DateTime(allow_none=True)
    suspended_at = fields.DateTime(allow_none=True)


class TokenExportSchema(Schema):
    """A token in the member's own download: never its hash."""

    id = fields.Integer()
    name = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
