"""The few errors that stop a run. Everything else is an Issue."""

from __future__ import annotations


class HoithaoError(Exception):
    """A run cannot complete; the message is Vietnamese and says what to do."""


class MasterError(HoithaoError):
    """The master workbook is missing or broken."""


class LockedOutputError(HoithaoError):
    """An output file cannot be replaced, usually because it is open in Excel."""


class WorkspaceError(HoithaoError):
    """The folder is not a workspace, or cannot be written."""


class HistoryError(HoithaoError):
    """The earlier result asked for (`hoithao thay-doi --tu …`) does not exist."""


class UnsafeFileError(Exception):
    """A return must not be parsed (guard.py); the message (Vietnamese) says why, for its F01."""
