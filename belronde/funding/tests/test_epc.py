"""belronde.finance.epc: the EPC069-12 payload of the QR code on a participant invoice."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belronde.finance.epc import (
    MAX_BYTES,
    EpcError,
    epc_payload,
    normalise_ogm,
    parse_epc_payload,
)

IBAN = "BE71096123456769"
BIC = "GKCCBEBB"
OGM = "010806817183"  # python-stdnum's own example: 0108068171 modulo 97 = 83


def good(**changes: object) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Unizo Mechelen",
        "iban": IBAN,
        "bic": BIC,
        "amount": D("200.00"),
        "ogm": f"+++{OGM[:3]}/{OGM[3:7]}/{OGM[7:]}+++",
    }
    values.update(changes)
    return values


def test_it_writes_the_payload_element_by_element() -> None:
    assert epc_payload(**good(text="Factuur 2026-0007")) == (
        "BCD\n002\n1\nSCT\nGKCCBEBB\nUnizo Mechelen\nBE71096123456769\nEUR200.00\n"
        "\n010806817183\n\nFactuur 2026-0007"
    )


def test_the_ogm_goes_into_the_structured_element_and_trailing_empty_elements_are_left_out() -> (
    None
):
    elements = epc_payload(**good()).split("\n")
    assert len(elements) == 10
    assert elements[8] == ""  # purpose
    assert elements[9] == OGM  # structured remittance: 12 digits, no +++ or slashes


def test_it_compacts_the_iban_and_bic_and_collapses_spaces_in_the_name() -> None:
    payload = epc_payload(
        **good(iban="be71 0961 2345 6769", bic="gkcc be bb", name=" Unizo  Mechelen ")
    )
    assert payload.split("\n")[4:7] == ["GKCCBEBB", "Unizo Mechelen", IBAN]


def test_the_bic_may_be_left_empty_as_version_002_allows() -> None:
    assert epc_payload(**good(bic="")).split("\n")[4] == ""


@pytest.mark.parametrize(
    "written",
    [
        "+++010/8068/17183+++",
        "***010/8068/17183***",
        "010/8068/17183",
        "010806817183",
        " 010 8068 17183 ",
    ],
)
def test_the_ogm_is_accepted_as_people_write_it(written: str) -> None:
    assert normalise_ogm(written) == OGM
    assert epc_payload(**good(ogm=written)).split("\n")[9] == OGM


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"iban": "BE71096123456768"}, "iban"),  # check digits
        ({"iban": "not an iban"}, "iban"),
        ({"iban": ""}, "iban"),
        ({"bic": "GKCC"}, "bic"),
        ({"bic": "GKCCBEBBX"}, "bic"),
        ({"amount": D("0")}, "amount"),
        ({"amount": D("-10.00")}, "amount"),
        ({"amount": D("1000000000.00")}, "amount"),
        ({"amount": D("12.345")}, "amount"),
        ({"amount": D("NaN")}, "amount"),
        ({"amount": 12.5}, "amount"),
        ({"amount": "12.50"}, "amount"),
        ({"amount": True}, "amount"),
        ({"ogm": "010806817180"}, "ogm"),  # wrong check digits
        ({"ogm": "+++010/8068/1718+++"}, "ogm"),  # 11 digits
        ({"ogm": "RF18539007547034"}, "ogm"),
        ({"ogm": ""}, "ogm"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 71}, "name"),
        ({"name": "Unizo\nMechelen"}, "name"),
        ({"text": "y" * 71}, "text"),
        ({"text": "a\tb"}, "text"),
        ({"name": "€" * 70, "text": "€" * 70}, "payload"),  # 420 bytes of euro signs
    ],
)
def test_each_bad_value_is_refused_naming_its_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(EpcError) as caught:
        epc_payload(**good(**changes))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert isinstance(caught.value, ValueError)


def test_the_longest_name_and_text_fit_the_331_bytes_unless_all_multibyte() -> None:
    payload = epc_payload(**good(name="é" * 70, text="x" * 70, amount=D("999999999.99")))
    assert 280 <= len(payload.encode("utf-8")) <= MAX_BYTES
    with pytest.raises(EpcError, match=r"payload: is 3\d\d bytes"):
        epc_payload(**good(name="é" * 70, text="ü" * 70, amount=D("999999999.99")))


def test_the_messages_say_why() -> None:
    with pytest.raises(EpcError, match="check digits"):
        epc_payload(**good(ogm="010806817180"))
    with pytest.raises(EpcError, match="more than two decimals"):
        epc_payload(**good(amount=D("1.001")))


def test_it_reads_back_what_it_wrote() -> None:
    payload = epc_payload(**good(name="Unizo Mechelen € café", text="Factuur 2026-0007"))
    assert parse_epc_payload(payload) == {
        "name": "Unizo Mechelen € café",
        "iban": IBAN,
        "bic": BIC,
        "amount": D("200.00"),
        "ogm": OGM,
        "text": "Factuur 2026-0007",
    }


def test_it_reads_another_issuer_s_payload_with_the_ogm_in_the_text() -> None:
    payload = (
        "BCD\r\n001\r\n2\r\nSCT\r\nGKCCBEBB\r\nUnizo\r\nBE71096123456769\r\nEUR5\r\n\r\n\r\n"
        "Factuur +++010/8068/17183+++"
    )
    fields = parse_epc_payload(payload)
    assert (fields["amount"], fields["ogm"], fields["text"]) == (D("5.00"), OGM, "")


def test_a_payload_without_an_ogm_reads_as_an_empty_ogm() -> None:
    fields = parse_epc_payload("BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5.10")
    assert (fields["bic"], fields["amount"], fields["ogm"]) == ("", D("5.10"), "")


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        "BCD\n003\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5",
        "BCD\n002\n1\nSCX\n\nUnizo\nBE71096123456769\nEUR5",
        "BCD\n001\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5",  # 001 needs the BIC
        "BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\n5.00",
        "BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5,00",
        "BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5\n\n010806817183\nalso text",
        "BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5\n\n010806817180",
        "BCD\n002\n1\nSCT\n\nUnizo\nBE71096123456769\nEUR5\n\n\n\n\n\n",
    ],
)
def test_it_refuses_to_read_what_is_not_an_epc_transfer(payload: str) -> None:
    with pytest.raises(EpcError):
        parse_epc_payload(payload)


@given(cents=st.integers(min_value=1, max_value=99_999_999_999))
def test_every_amount_in_cents_survives_the_round_trip(cents: int) -> None:
    amount = D(cents) / 100
    payload = epc_payload(**good(amount=amount))
    written = payload.split("\n")[7]
    assert written == f"EUR{cents // 100}.{cents % 100:02d}"
    assert parse_epc_payload(payload)["amount"] == amount


@given(
    cents=st.integers(min_value=1, max_value=99_999_999_999),
    base=st.integers(min_value=0, max_value=9_999_999_999),
)
def test_every_valid_ogm_survives_the_round_trip(cents: int, base: int) -> None:
    check = base % 97 or 97
    ogm = f"{base:010d}{check:02d}"
    fields = parse_epc_payload(epc_payload(**good(amount=D(cents) / 100, ogm=ogm)))
    assert fields["ogm"] == ogm
