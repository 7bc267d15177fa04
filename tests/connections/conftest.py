"""The people the connections tests share: two clinicians who met on the trauma track."""

import pytest

from tests.factories import clinician


@pytest.fixture
def ana(app):
    return clinician("Ana Alvarez", discipline="lpc", pronouns="she/her",
                     specialties=["trauma-ptsd"], populations=["adolescents"])


@pytest.fixture
def ben(app):
    return clinician("Ben Brooks", discipline="psychiatric-np", pronouns="he/him",
                     specialties=["trauma-ptsd"], populations=["adolescents"])
