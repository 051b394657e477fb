"""hoithao: spreadsheet automation for organising a Party workshop (hội thảo)."""

__version__ = "0.1.0"
