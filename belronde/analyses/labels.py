"""The words for what belronde.finance computes, in the user's language (gettext).

belronde.finance names things by keys and writes English for the CLI and API; the screens and
the PDF say them through these tables, so the Dutch catalogue covers them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RATIOS: dict[str, Promise] = {
    "liquidity_broad": _("Liquidity in the broad sense"),
    "liquidity_narrow": _("Liquidity in the narrow sense"),
    "solvency": _("Solvency"),
    "debt_ratio": _("Debt ratio"),
    "tax_social_debt_pressure": _("Tax and social debt pressure"),
    "return_on_equity": _("Return on equity after tax"),
    "operating_margin": _("Operating margin"),
    "operating_result_to_gross_margin": _("Operating result on gross margin"),
    "cash_flow": _("Cash flow"),
    "cash_flow_to_total_assets": _("Cash flow on total assets"),
}

RATIO_HELP: dict[str, Promise] = {
    "liquidity_broad": _(
        "Can the short-term debts be paid from the current assets? Below 1 is a warning."
    ),
    "liquidity_narrow": _("The same without stocks, which take time to turn into cash."),
    "solvency": _("The share of the balance sheet financed by the owners. Below 15 % is weak."),
    "debt_ratio": _(
        "The share financed by provisions and debts. Over 100 % means negative equity."
    ),
    "tax_social_debt_pressure": _(
        "Debts to the tax authorities, staff and RSZ as a share of the short-term debts. A rise "
        "is an early warning."
    ),
    "return_on_equity": _("What the year's result earns on the owners' money."),
    "operating_margin": _("Operating result per euro of turnover."),
    "operating_result_to_gross_margin": _(
        "Operating result as a share of the gross margin, for accounts without turnover."
    ),
    "cash_flow": _(
        "The result plus depreciation, write-downs and provisions: the cash the business generated."
    ),
    "cash_flow_to_total_assets": _(
        "Cash flow as a share of total assets; 6 % or more is a common rule of thumb."
    ),
}

LIGHTS: dict[str, Promise] = {
    "green": _("good"),
    "orange": _("watch"),
    "red": _("weak"),
}

TRENDS: dict[str, Promise] = {
    "up": _("up"),
    "down": _("down"),
    "stable": _("stable"),
}

REASONS: dict[str, Promise] = {
    "missing_input": _("Not computable: %(codes)s not reported."),
    "turnover_not_disclosed": _(
        "Not computable: turnover (70) is not reported; the abbreviated and micro models need not"
        " disclose it."
    ),
    "condition_failed": _("Not computable: the condition %(condition)s is not met."),
}

MODELS: dict[str, Promise] = {
    "altman_z": _("Altman Z (1968)"),
    "altman_z_prime": _("Altman Z' (private firms)"),
    "altman_z_double_prime": _("Altman Z'' (non-manufacturers)"),
    "altman_ems": _("Altman EMS (Z'' + 3.25)"),
}

SCORE_REASONS: dict[str, Promise] = {
    "no_market_value": _("Needs the market value of the shares: only for listed firms."),
    "no_sales": _(
        "Needs turnover (70), which the abbreviated and micro models need not disclose; Z'' needs"
        " no turnover."
    ),
    "missing_input": _("Not all figures needed are known: %(missing)s."),
    "condition_failed": _("Total assets and total liabilities must be positive."),
}

ZONES: dict[str, Promise] = {
    "safe": _("safe zone"),
    "grey": _("grey zone"),
    "distress": _("distress zone"),
}

COMPONENTS: dict[str, Promise] = {
    "X1": _("working capital / total assets"),
    "X2": _("retained earnings / total assets"),
    "X3": _("operating result / total assets"),
    "X4": _("equity / total liabilities"),
    "X5": _("turnover / total assets"),
}

INPUTS: dict[str, Promise] = {
    "total_assets": _("total assets"),
    "current_assets": _("current assets"),
    "current_liabilities": _("short-term debts"),
    "working_capital": _("working capital"),
    "retained_earnings": _("retained earnings"),
    "ebit": _("operating result"),
    "book_equity": _("equity"),
    "market_value_equity": _("market value of the shares"),
    "total_liabilities": _("total liabilities"),
    "sales": _("turnover"),
}

ALARM_TRIGGERS: dict[str, Promise] = {
    "net_assets_negative": _("The net assets have become negative."),
    "net_assets_at_risk": _("The net assets risk becoming negative."),
    "liquidity_12_months": _(
        "It is no longer certain that the company can pay its debts as they fall due over the "
        "next twelve months."
    ),
    "below_half_capital": _("The net assets are below half of the capital."),
    "below_quarter_capital": _("The net assets are below a quarter of the capital."),
    "below_minimum_capital": _(
        "The net assets are below the legal minimum capital of an NV (EUR 61,500)."
    ),
}

ALARM_CONSEQUENCES: dict[str, Promise] = {
    "5:153": _(
        "The board must convene the general meeting within two months of establishing this (or of"
        " when it should have been established), to deliberate on dissolving the company or on "
        "measures to secure its continuity. The board's special report with the proposed measures"
        " is sent with the notice of the meeting."
    ),
    "6:119": _(
        "The board must convene the general meeting within two months of establishing this (or of"
        " when it should have been established), to deliberate on dissolving the company or on "
        "measures to secure its continuity. The board's special report with the proposed measures"
        " is sent with the notice of the meeting."
    ),
    "7:228": _(
        "The board must convene the general meeting within two months of establishing this (or of"
        " when it should have been established), to deliberate on dissolution or on recovery "
        "measures, with a special report. If it does not, damage suffered by third parties is "
        "presumed to result from that failure."
    ),
    "7:229": _(
        "The same procedure as for art. 7:228 (general meeting within two months, special "
        "report); dissolution can then be decided by a quarter of the votes cast."
    ),
    "7:230": _("Any interested party may ask the court to dissolve the company."),
}

ALARM_STATUS: dict[str, Promise] = {
    "triggered": _("alarm bell"),
    "clear": _("not triggered"),
    "unknown": _("not assessed"),
}

SIGNALS: dict[str, Promise] = {
    "equity_below_half_capital": _("Equity below half of the capital"),
    "debt_ratio_over_100": _("Debt ratio over 100 %"),
    "liquidity_below_half": _("Liquidity below 0.5"),
    "losses_two_years": _("Losses two years in a row"),
    "accounts_not_filed": _("No annual accounts filed for two years"),
    "overdue_tax_debts": _("Overdue tax debts in the accounts"),
    "rsz_arrears": _("Arrears with the RSZ"),
    "vat_arrears": _("Arrears with VAT"),
    "withholding_tax_arrears": _("Arrears with withholding tax"),
    "protested_bills": _("Protested bills"),
    "default_judgments": _("Default judgments"),
}

SIGNAL_STATUS: dict[str, Promise] = {
    "present": _("present"),
    "absent": _("absent"),
    "unknown": _("unknown"),
}

CATEGORIES: dict[str, Promise] = {
    "collections": _("Collections from customers"),
    "cash_sales": _("Cash sales"),
    "customer_deposits": _("Customer deposits"),
    "vat_refunds": _("VAT refunds"),
    "subsidies": _("Subsidies and premiums"),
    "asset_sales": _("Sale of assets"),
    "new_funding": _("New loans or credit drawn"),
    "capital_injection": _("Capital injection"),
    "other_receipts": _("Other receipts"),
    "net_wages": _("Net wages"),
    "rsz": _("RSZ contributions"),
    "withholding_tax": _("Withholding tax on wages"),
    "suppliers": _("Suppliers"),
    "rent_utilities": _("Rent, energy and utilities"),
    "insurance_leases": _("Insurance and leases"),
    "vat_payable": _("VAT payable"),
    "tax_prepayments": _("Corporate tax prepayments"),
    "self_employed_contributions": _("Self-employed social contributions"),
    "loan_repayments": _("Loan repayments and interest"),
    "capex": _("Investments"),
    "owner_drawings": _("Owner drawings"),
    "other_disbursements": _("Other disbursements"),
}

IMPORT_ISSUES: dict[str, Promise] = {
    "too_large": _("The file is larger than %(limit)s MB."),
    "nul_bytes": _("The file contains NUL bytes: it is not a CSV file."),
    "encoding": _("The file is not a text file: save it as CSV (UTF-8)."),
    "encoding_cp1252": _("The file was read as Windows-1252 (not UTF-8)."),
    "no_data": _("The file holds no figures."),
    "missing_columns": _("Missing column(s): %(columns)s."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "columns": _("Expected three columns: code;value;year."),
    "unknown_code": _("Unknown annual-account code."),
    "amount_empty": _("No amount given."),
    "amount_not_a_number": _("Not an amount."),
    "amount_ambiguous": _("Ambiguous amount: write 1.234,56 or 1234.56."),
    "amount_grouping": _("The dots do not separate groups of three digits."),
    "amount_scientific": _(
        "Scientific notation (1,2E+05): format the column in the spreadsheet to show all digits."
    ),
    "bad_year": _("Not a year between 1950 and 2100."),
    "negative_count": _("%(code)s is a number of people: it cannot be negative."),
    "duplicate": _(
        "Code %(code)s for %(year)s is already on row %(first_row)s with another amount."
    ),
    "csv_error": _("Not a readable CSV file."),
    "json_error": _("Not a readable JSON file."),
    "json_shape": _("Expected one filing (a JSON object) or a list of filings."),
    "no_year": _("The filing has no financial year (ExerciseDates.endDate)."),
    "unsupported_model": _("Not a company model belronde reads (full, abbreviated or micro)."),
    "no_rubrics": _("The filing has no Rubrics."),
    "duplicate_year": _("Two filings for %(year)s: keep one per year."),
    "several_enterprises": _("The filings belong to more than one enterprise: %(numbers)s."),
    "previous_year_column": _(
        "%(year)s was taken from the previous-year column of filing %(reference)s."
    ),
    "skipped_codes": _("%(count)s rubric codes that belronde does not use were skipped."),
    "other_enterprise": _("These accounts belong to enterprise %(number)s, not to %(expected)s."),
}


def label(table: dict[str, Promise], key: str, **params: object) -> str:
    """The translated label of ``key`` (the key itself when unknown), with ``params`` filled."""
    text = table.get(key)
    if text is None:
        return key
    return str(text) % params if params else str(text)


#: the English words of belronde.finance's input sources ("9901 (not reported)"), said in the
#: user's language on the screens; the codes and formulas themselves stay as they are
_SOURCE_WORDS: list[tuple[str, Promise]] = [
    ("(blank, counted as 0)", _("(blank, counted as 0)")),
    ("(not reported)", _("(not reported)")),
    ("(derived: ", _("(derived: ")),
    ("current_assets - current_liabilities", _("current assets - current liabilities")),
    ("no code", _("no code")),
    ("given", _("given")),
]


def source_text(text: str) -> str:
    """A finance input's source, e.g. ``"9901 (not reported)"``, in the active language."""
    for english, translated in _SOURCE_WORDS:
        text = text.replace(english, str(translated))
    return text
