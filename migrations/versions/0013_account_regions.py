"""profile regions and license jurisdictions become ISO 3166-2 codes

A profile's region and a license's jurisdiction were free text: `region=CA` found the
members who typed "CA" and not those who typed "California". They are now codes from the
ISO 3166-2 list (peerlink.taxonomy.regions), shown by name. Each value is matched within the
profile's country: "CA", "California", "Calif." and "ca" with country US all become US-CA,
"Ont." with CA becomes CA-ON. A value that cannot be matched (no country on the profile, or
text the list does not know) is kept exactly as typed and shown as typed; the editor offers
it as a choice until the member picks one from the list. License reviews follow their
profile's license.

The directory's index holds each region's spellings (US-CA, CA, California): rebuild it
after this upgrade with `flask reindex-directory` (`make migrate` does).

Downgrade leaves the codes: they are text the earlier version shows as it is.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from peerlink.taxonomy.regions import find_jurisdiction, find_region


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

profiles = sa.table('profiles', sa.column('user_id', sa.Integer), sa.column('region', sa.String),
                    sa.column('country', sa.String),
                    sa.column('license_jurisdiction', sa.String))
reviews = sa.table('license_reviews', sa.column('profile_id', sa.Integer),
                   sa.column('jurisdiction', sa.String))


def upgrade():
    bind = op.get_bind()
    # One UPDATE per distinct (value, country), not per profile.
    for region, country in bind.execute(
            sa.select(profiles.c.region, profiles.c.country).distinct()).all():
        code = find_region(region or '', country or '')
        if code and code != region:
            bind.execute(profiles.update()
                         .where(profiles.c.region == region, profiles.c.country == country)
                         .values(region=code))
    for jurisdiction, country in bind.execute(
            sa.select(profiles.c.license_jurisdiction, profiles.c.country).distinct()).all():
        code = find_jurisdiction(jurisdiction or '', country or '')
        if code and code != jurisdiction:
            bind.execute(profiles.update()
                         .where(profiles.c.license_jurisdiction == jurisdiction,
                                profiles.c.country == country)
                         .values(license_jurisdiction=code))
    for jurisdiction, country in bind.execute(
            sa.select(reviews.c.jurisdiction, profiles.c.country).distinct()
            .join_from(reviews, profiles, profiles.c.user_id == reviews.c.profile_id)).all():
        code = find_jurisdiction(jurisdiction or '', country or '')
        if code and code != jurisdiction:
            of_country = sa.select(profiles.c.user_id).where(profiles.c.country == country)
            bind.execute(reviews.update()
                         .where(reviews.c.jurisdiction == jurisdiction,
                                reviews.c.profile_id.in_(of_country))
                         .values(jurisdiction=code))


def downgrade():
    pass
