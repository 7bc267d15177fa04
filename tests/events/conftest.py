"""The people the events tests share: an organizer and two clinicians on the trauma track."""

import pytest

from tests.factories import clinician, make_event, seed_credit_bodies


@pytest.fixture
def organizer(app):
    user = clinician("Olga Organizer", role="organizer", discipline="psychologist")
    seed_credit_bodies()
    return user


@pytest.fixture
def ana(app):
    return clinician("Ana Alvarez", discipline="lpc", pronouns="she/her",
                     specialties=["trauma-ptsd"], modalities=["emdr"], country="US")


@pytest.fixture
def ben(app):
    return clinician("Ben Brooks", discipline="psychiatric-np", pronouns="he/him",
                     specialties=["trauma-ptsd"], country="CA")


@pytest.fixture
def summit(organizer):
    return make_event(organizer)
