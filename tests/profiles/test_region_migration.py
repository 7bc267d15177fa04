"""Migration 0008: regions and license jurisdictions typed as free text become ISO codes
where the profile's country says which region was meant; anything else stays as typed."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from peerlink.profiles.models import LicenseReview, Profile
from tests import factories
from tests.factories import fill_profile

# region, country, license jurisdiction -> region, jurisdiction after the upgrade
CASES = [
    (("CA", "US", "California"), ("US-CA", "US-CA")),
    (("Calif.", "US", "calif"), ("US-CA", "US-CA")),
    (("Ont.", "CA", "Ontario"), ("CA-ON", "CA-ON")),
    (("England", "GB", "GB"), ("GB-ENG", "GB")),  # a national license stays the country
    (("US-NY", "US", "N.Y."), ("US-NY", "US-NY")),
    # No country: nothing says which "CA" was meant, so both stay as typed.
    (("CA", "", "California"), ("CA", "California")),
    (("Bay Area", "US", "State board of CA"), ("Bay Area", "State board of CA")),
    (("", "", ""), ("", "")),
]


def test_upgrading_turns_what_can_be_matched_into_codes(app, db):
    ids = []
    for (region, country, jurisdiction), _ in CASES:
        user = factories.make_user()
        fill_profile(user, region=region, country=country, license_jurisdiction=jurisdiction)
        db.session.add(LicenseReview(profile_id=user.id, jurisdiction=jurisdiction or "-",
                                     number="X-1", status="pending"))
        ids.append(user.id)
    db.session.commit()
    db.session.remove()

    downgrade(revision="0012")  # keeps the values: they are text to the version before
    upgrade()

    for user_id, (_, (region, jurisdiction)) in zip(ids, CASES, strict=True):
        profile = db.session.get(Profile, user_id)
        assert (profile.region, profile.license_jurisdiction) == (region, jurisdiction)
        review = db.session.scalar(select(LicenseReview.jurisdiction).where(
            LicenseReview.profile_id == user_id))
        assert review == (jurisdiction or "-")
