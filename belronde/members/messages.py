"""Sentences for the import's message codes, in the user's language (rendered when shown)."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROW_MESSAGES: dict[str, Promise] = {
    "required": _("This column is required."),
    "too_long": _("Too long: %(length)s characters where at most %(limit)s fit."),
    "enterprise_number_scientific": _(
        "Excel shows this number in scientific notation (like 4.0317E+08), which loses digits. "
        "Format the column as text in Excel and type the number again."
    ),
    "enterprise_number_format": _("Not an enterprise number: write 10 digits, like 0403.170.701."),
    "enterprise_number_length": _("An enterprise number has 10 digits; this one has %(length)s."),
    "enterprise_number_first_digit": _("An enterprise number starts with 0 or 1."),
    "enterprise_number_checksum": _(
        "Invalid enterprise number: the check digits do not match (a typing error?)."
    ),
    "enterprise_number_leading_zero": _(
        "The leading zero was missing (Excel drops it when the column holds numbers); it was added."
    ),
    "phone_scientific": _(
        "Excel shows this phone number in scientific notation, which loses digits. Format the "
        "column as text in Excel and type the number again."
    ),
    "phone_letters": _("A phone number cannot contain letters or an extension."),
    "phone_trunk_zero": _("Leave out the 0 after +32: write +32 471 23 45 67."),
    "phone_invalid": _("Not a valid phone number."),
    "phone_leading_zero": _("The leading zero of the phone number was missing; it was added."),
    "number_ambiguous": _("Ambiguous number: write it the Belgian way, like 1.234,56."),
    "number_invalid": _("Not a number."),
    "employees_invalid": _(
        "Not a number of employees: write a whole number (12) or a size band (5-9)."
    ),
    "employees_negative": _("The number of employees cannot be negative."),
    "employees_too_large": _("More than %(limit)s employees: surely a mistake."),
    "date_invalid": _("Not a date: write day/month/year, like 31/12/2025."),
    "member_since_range": _("A membership starts between %(earliest)s and today (%(today)s)."),
    "postal_code_format": _("A Belgian postal code has 4 digits."),
    "postal_code_unknown": _("This postal code does not exist in Belgium."),
    "municipality_mismatch": _("Postal code %(postal_code)s is %(expected)s, not this place."),
    "nace_format": _("A NACE-BEL code has 2 to 5 digits, like 47.111."),
    "nace_unknown": _("This NACE-BEL code does not exist (2008 or 2025 list)."),
    "nace_version": _("The NACE-BEL version is 2008 or 2025."),
    "legal_form_unknown": _(
        "Unknown legal form: write an abbreviation (BV, NV, CV, VZW, ...) or the KBO code."
    ),
    "email_invalid": _("Not a valid e-mail address."),
    "language_unknown": _("Unknown language: write nl, fr or en."),
    "status_unknown": _("Unknown membership status: write lid, ex-lid or prospect."),
    "formula_no_value": _(
        "A formula without a computed value: open the file in Excel, save it and upload it again."
    ),
    "contact_name_required": _("A function, language or call times need a contact name."),
    "duplicate_of_row": _("This enterprise number is already in row %(row)s, with other data."),
    "repeated_in_row": _("This enterprise number comes back in row %(row)s, with other data."),
    "same_as_row": _("The same as row %(row)s; imported once."),
    "entity_rejected": _(
        "Not imported because row %(row)s with the same enterprise number has an error."
    ),
    "merged": _(
        "This organisation was merged into %(name)s (%(number)s): use that enterprise number."
    ),
}

FILE_MESSAGES: dict[str, Promise] = {
    "too_large": _("The file is %(size)s; at most %(limit)s is accepted."),
    "too_many_rows": _(
        "The file has more than %(limit)s rows. Split it into smaller files and import them one "
        "by one."
    ),
    "empty": _("The file holds no data: a header row with the column names and rows under it."),
    "unsupported_type": _(
        "This is not a file we can read. Save it as an Excel workbook (.xlsx) or as CSV."
    ),
    "not_a_workbook": _(
        "This file is named .xlsx but is not an Excel workbook: it holds text (a CSV file?). "
        "Rename it to .csv, or open it in Excel and save it as Excel workbook (.xlsx)."
    ),
    "xls": _(
        "This is an old Excel file (.xls) or a workbook with a password. In Excel choose Save "
        "as > Excel workbook (.xlsx) or CSV, without a password."
    ),
    "macro": _("Workbooks with macros (.xlsm) are refused. Save the file as .xlsx or CSV."),
    "ods": _("OpenDocument spreadsheets (.ods) are not supported. Save the file as .xlsx or CSV."),
    "zip_bomb": _("The workbook unpacks to more than %(limit)s: refused."),
    "zip_entries": _("The workbook holds too many parts (%(count)s, at most %(limit)s): refused."),
    "zip_ratio": _("The workbook is compressed suspiciously well (over %(ratio)s:1): refused."),
    "xml_unsafe": _("The workbook contains unsafe XML (entity declarations): refused."),
    "xlsx_broken": _(
        "The workbook could not be read (%(detail)s). Open it in Excel and save it again as "
        ".xlsx or CSV."
    ),
    "encoding": _(
        "Line %(line)s mixes two character encodings (UTF-8 and Windows-1252), so accented "
        "letters would be garbled. In Excel choose Save as > CSV UTF-8."
    ),
    "encoding_utf16": _("The file is not valid UTF-16. In Excel choose Save as > CSV UTF-8."),
    "nul": _("The file contains NUL bytes (line %(line)s): it is not a text file."),
    "csv_error": _("The CSV file could not be read near line %(line)s (%(detail)s)."),
    "field_too_long": _("Line %(line)s holds a field longer than %(limit)s characters."),
    "missing_columns": _(
        "Required columns are missing: %(columns)s. The first row must hold the column names; "
        "download the template to see them."
    ),
    "duplicate_columns": _("These columns appear twice in the header: %(columns)s."),
    "delimiter": _("The columns could not be told apart: separate them with ; or ,."),
    "kbo_missing": _("The KBO extract lacks %(files)s."),
    "kbo_no_postal_codes": _(
        "This chapter has no postal codes, so no KBO enterprises can be selected."
    ),
    "quota": _("You already have %(count)s imports running; wait until one finishes."),
    "interrupted": _(
        "The import was interrupted (the process stopped) and nothing was written. Start it again."
    ),
    "no_file": _("Choose a file to import."),
    "internal": _(
        "The import stopped because of an error on our side; nothing was written. Try again "
        "later or tell the administrators."
    ),
}

NOTICE_MESSAGES: dict[str, Promise] = {
    "unknown_columns": _("Columns ignored (not recognised): %(columns)s."),
    "other_sheets": _("Only the first sheet (%(sheet)s) was read; ignored: %(others)s."),
}


def _format(template: Promise | None, code: str, params: dict[str, Any]) -> str:
    if template is None:
        return code
    shown = dict(params)
    for key in ("size", "limit"):
        if key in shown and isinstance(shown[key], int) and shown[key] >= 1024 * 1024:
            shown[key] = filesizeformat(shown[key])
    try:
        return str(template) % shown
    except (KeyError, TypeError, ValueError):
        return str(template)


def row_message(code: str, params: dict[str, Any] | None = None) -> str:
    return _format(ROW_MESSAGES.get(code), code, params or {})


def file_message(code: str, params: dict[str, Any] | None = None) -> str:
    return _format(FILE_MESSAGES.get(code), code, params or {})


def notice_message(code: str, params: dict[str, Any] | None = None) -> str:
    template = NOTICE_MESSAGES.get(code) or ROW_MESSAGES.get(code)
    return _format(template, code, params or {})
