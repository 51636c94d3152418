"""belronde.finance: the financial analysis of a Belgian SME, as pure, typed calculations.

No Django here (a test imports this package with Django made unimportable): these modules are
used by the web screens, the API, the CLI (``belronde finance score|alarms``) and the PDF
alike, and are unit-tested without a database. Amounts are ``Decimal`` throughout; floats are
refused on the way in and appear only when a reported value is written out as a JSON number.

Modules:

- :mod:`~belronde.finance.codes`: the annual-account codes (rubriekcodes) of the NBB's full,
  abbreviated and micro models, with Dutch and English labels;
- :mod:`~belronde.finance.figures`: one financial year's figures by code, and where each
  number comes from (reported, derived by an identity of the models, blank, missing);
- :mod:`~belronde.finance.ratios`: liquidity, solvency, debt, tax and social debt pressure,
  return on equity, operating margin, cash flow, with their computation conditions, traffic
  lights and trends;
- :mod:`~belronde.finance.scores`: Altman Z, Z', Z'' and EMS with Altman's coefficients and
  cut-offs (sources in that module);
- :mod:`~belronde.finance.alarms`: the alarm bells of the Companies and Associations Code
  (BV 5:153, CV 6:119, NV 7:228 to 7:230);
- :mod:`~belronde.finance.signals`: the early-warning checklist with evidence;
- :mod:`~belronde.finance.cashflow`: the 13-week cash-flow forecast;
- :mod:`~belronde.finance.imports`: NBB authentic-data JSON and ``code;value;year`` CSV;
- :mod:`~belronde.finance.amounts`: Belgian amounts (``1.234,56``) into Decimals;
- :mod:`~belronde.finance.service`: JSON in, JSON out, for the CLI and the API.

Scores and signals are screening, never a verdict: a person decides (GDPR art. 22), and every
number shows where it comes from.
"""

from belronde.finance.codes import Schema
from belronde.finance.figures import Figures
from belronde.finance.scores import Model, Zone

__all__ = ["Figures", "Model", "Schema", "Zone"]
