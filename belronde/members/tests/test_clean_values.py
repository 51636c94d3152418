"""``validation.clean_values``: the one validator of an organisation, used by the form, the API
and the import (so the three agree on every rule)."""

import datetime as dt

from belronde.members.forms import OrganisationForm
from belronde.members.importing.validation import clean_values


def test_it_cleans_only_the_keys_given_and_derives_the_rest():
    cleaned = clean_values(
        {"enterprise_number": "BE 0403.170.701", "postal_code": "2800", "nace_code": "47.111"}
    )
    assert cleaned.errors == []
    assert cleaned.values == {
        "enterprise_number": "0403170701",
        "postal_code": "2800",
        "municipality": "Mechelen",
        "nace_code": "47111",
        "nace_version": "2008",
        "nace_section": "G",
    }


def test_typed_values_from_a_form_or_json_are_taken_as_they_are():
    cleaned = clean_values({"employees": 7, "member_since": dt.date(2015, 1, 1)})
    assert cleaned.values == {"employees": 7, "member_since": dt.date(2015, 1, 1)}
    assert clean_values({"employees": "7"}).values == {"employees": 7, "size_band": "5-9"}


def test_every_error_is_given_with_its_key_and_code():
    cleaned = clean_values(
        {"name": " ", "postal_code": "2800", "municipality": "Gent", "email": "x@"}
    )
    assert [(key, code) for key, code, _params in cleaned.errors] == [
        ("name", "required"),
        ("email", "email_invalid"),
        ("municipality", "municipality_mismatch"),
    ]


def test_complete_requires_the_number_and_the_name():
    cleaned = clean_values({"legal_form": "BV"}, complete=True)
    assert [(key, code) for key, code, _params in cleaned.errors] == [
        ("enterprise_number", "required"),
        ("name", "required"),
    ]
    assert clean_values({"legal_form": "BV"}).errors == []


def test_the_form_gives_the_validators_messages_and_values():
    form = OrganisationForm(
        data={
            "enterprise_number": "0403.170.701",
            "name": "Bakkerij  Peeters",
            "postal_code": "2800",
            "municipality": "Gent",
            "email": "info@Peeters.BE",
            "membership_status": "member",
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["municipality"]
    assert form.cleaned_data["name"] == "Bakkerij Peeters"
    assert form.cleaned_data["email"] == "info@peeters.be"
