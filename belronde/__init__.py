"""belronde: run a business federation's crisis call round end to end."""

__version__ = "0.1.0"
