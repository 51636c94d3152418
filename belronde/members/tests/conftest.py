import pytest

from belronde.testing import Personas


@pytest.fixture
def cast(db):
    """The named personas (Mechelen coordinator, caller, ..., Lier coordinator as outsider)."""
    Personas.create_personas()
    return Personas
