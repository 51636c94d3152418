import io
import json

from django.core.management import call_command
from openpyxl import load_workbook

from belronde.members.tests.fixtures import make_org


def test_it_writes_the_filtered_list_as_csv_or_xlsx(cast, tmp_path):
    make_org(cast.mechelen, "0403170701", "=Bakkerij", employees=7)
    make_org(cast.mechelen, "0200000043", "Garage", employees=1)
    out = io.StringIO()
    call_command(
        "export_members",
        chapter="mechelen",
        format="xlsx",
        output=str(tmp_path / "l.xlsx"),
        size_band="5-9",
        json=True,
        stdout=out,
    )
    assert json.loads(out.getvalue())["rows"] == 1
    sheet = load_workbook(tmp_path / "l.xlsx").active
    assert sheet["B2"].value == "=Bakkerij"
    assert sheet["B2"].data_type == "s"
    assert sheet["J2"].value == 7
    call_command(
        "export_members", chapter="mechelen", output=str(tmp_path / "l.csv"), stdout=io.StringIO()
    )
    text = (tmp_path / "l.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("enterprise_number;name;")
    assert "'=Bakkerij" in text
