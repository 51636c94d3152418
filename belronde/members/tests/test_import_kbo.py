"""The KBO open-data extract: the official layout, the chapter's area, names, NACE, contacts."""

import shutil
import zipfile
from pathlib import Path

from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import run_import

SAMPLES = Path(__file__).parent / "files" / "kbo_samples"


def extract(tmp_path) -> Path:
    """The sample extract plus a few Mechelen enterprises in the same layout."""
    folder = tmp_path / "KboOpenData_0136_2025_06_Full"
    shutil.copytree(SAMPLES, folder)

    def add(name, lines):
        with (folder / name).open("a", encoding="utf-8", newline="") as f:
            f.write("".join(line + "\n" for line in lines))

    add(
        "enterprise.csv",
        [
            '"0403.170.701","AC","000","2","610",,01-01-1990',
            '"0200.000.043","AC","000","1","",,01-01-2001',
            '"0200.000.736","AC","000","2","014",,01-01-2005',
        ],
    )
    add(
        "denomination.csv",
        [
            '"0403.170.701","1","001","Boulangerie Geelen"',
            '"0403.170.701","2","001","Bakkerij Geëlen"',
            '"0403.170.701","2","003","Geëlen Brood"',
            '"0200.000.043","2","003","Garage Peeters"',
            '"0200.000.736","2","001","Antwerpse Logistiek"',
        ],
    )
    add(
        "address.csv",
        [
            '"0403.170.701","REGO",,,"2800","Mechelen","Malines","Bruul","Bruul","12","3","",',
            '"0200.000.043","REGO",,,"2801","Heffen","Heffen","Dorpsstraat","Dorpsstraat","4","","",',
            '"0200.000.736","REGO",,,"2000","Antwerpen","Anvers","Meir","Meir","1","","",',
            '"2.000.900.001","BAET",,,"2812","Muizen (Mechelen)","Muizen","Kerkstraat",'
            '"Kerkstraat","9","","",',
        ],
    )
    add("establishment.csv", ['"2.000.900.001",01-01-2010,"0200.000.736"'])
    add(
        "activity.csv",
        [
            '"0403.170.701","001","2003","15811","MAIN"',
            '"0403.170.701","001","2008","10711","MAIN"',
            '"0403.170.701","001","2025","10711","MAIN"',
            '"0200.000.043","001","2008","45201","MAIN"',
            '"0200.000.736","006","2008","52290","MAIN"',
        ],
    )
    add(
        "contact.csv",
        [
            '"0403.170.701","ENT","TEL","015/20.30.40"',
            '"0403.170.701","ENT","EMAIL","info@geelen.be"',
            '"0200.000.736","ENT","WEB","www.example.be"',
        ],
    )
    return folder


def test_the_extract_folder_imports_the_chapters_enterprises(cast, tmp_path):
    cast.mechelen.postal_codes = ["2800", "2801", "2811", "2812"]
    cast.mechelen.save()
    batch = run_import(cast.mechelen, extract(tmp_path), format="kbo")
    assert batch.status == ImportBatch.Status.COMMITTED, (batch.file_problem, batch.errors)
    assert batch.format == "kbo"
    orgs = {o.enterprise_number: o for o in Organisation.objects.filter(chapter=cast.mechelen)}
    assert set(orgs) == {"0403170701", "0200000043", "0200000736"}
    bakery = orgs["0403170701"]
    assert (bakery.name, bakery.legal_form, bakery.nace_code, bakery.nace_version) == (
        "Bakkerij Geëlen",
        "BV",
        "10711",
        "2008",
    )
    assert (bakery.street, bakery.house_number, bakery.postal_code) == ("Bruul", "12 bus 3", "2800")
    assert (bakery.phone, bakery.email) == ("+3215203040", "info@geelen.be")
    assert orgs["0200000043"].name == "Garage Peeters"  # commercial name when there is no 001
    # seated in Antwerp, with an establishment in Muizen: imported with its seat address
    assert orgs["0200000736"].postal_code == "2000"
    again = run_import(cast.mechelen, extract(tmp_path / "again"), format="kbo")
    assert (again.created, again.unchanged) == (0, 3)


def test_the_zipped_extract_works_too_and_a_missing_file_is_named(cast, tmp_path):
    cast.mechelen.postal_codes = ["2800"]
    cast.mechelen.save()
    folder = extract(tmp_path)
    archive = tmp_path / "KboOpenData_0136_2025_06_Full.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for child in folder.iterdir():
            zf.write(child, child.name)
    batch = run_import(cast.mechelen, archive)
    assert batch.status == ImportBatch.Status.COMMITTED, batch.file_problem
    assert batch.created == 1
    (folder / "activity.csv").unlink()
    broken = run_import(cast.lier, folder, format="kbo")
    assert broken.status == ImportBatch.Status.FAILED
    assert broken.file_problem == {"code": "kbo_missing", "params": {"files": "activity.csv"}}
