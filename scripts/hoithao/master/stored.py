"""The master as JSON, into the model's own classes and no other (never a pickle): what
engine/cache.py keeps of it between runs, so that a re-run reads staff's workbook again only when
it changed. Every value is one of the model's classes, a date, a time, a tuple, a list, a dict or
a plain JSON value; anything else is refused (OddMasterError)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

from hoithao.models import (
    BudgetLine,
    Category,
    Event,
    Invitee,
    Master,
    PaperAssignment,
    Recipient,
    ReturnDecision,
    Unit,
)

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Event,
        Unit,
        Category,
        Invitee,
        PaperAssignment,
        Recipient,
        BudgetLine,
        ReturnDecision,
        Master,
    )
}


class OddMasterError(ValueError):
    """What a kept text holds is not a master `master_json` wrote."""


def master_json(master: Master) -> str:
    return json.dumps(_encode(master), ensure_ascii=False, separators=(",", ":"))


def master_from_json(text: str) -> Master:
    """The master `master_json` wrote; OddMasterError (a ValueError) for anything else."""
    master = _decode(json.loads(text))
    if not isinstance(master, Master):
        raise OddMasterError("not a master")
    return master


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return {"c": type(value).__name__, "v": fields}
    if isinstance(value, datetime):  # (before date: a datetime is a date)
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, tuple):
        return {"u": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__}")


def _decode(value: object) -> object:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        raise OddMasterError("a value of no known kind")
    if len(value) == 2 and "c" in value and "v" in value:
        cls = _CLASSES.get(value["c"])  # type: ignore[arg-type]
        fields = value["v"]
        if cls is None or not isinstance(fields, list):
            raise OddMasterError("a class this module does not keep")
        if len(fields) != len(dataclasses.fields(cls)):
            raise OddMasterError("fields of another version")
        return cls(*[_decode(v) for v in fields])
    if len(value) != 1:
        raise OddMasterError("a value of no known kind")
    [(kind, inner)] = value.items()
    if kind == "t" and isinstance(inner, str):
        return datetime.fromisoformat(inner)
    if kind == "d" and isinstance(inner, str):
        return date.fromisoformat(inner)
    if kind == "u" and isinstance(inner, list):
        return tuple(_decode(v) for v in inner)
    if kind == "m" and isinstance(inner, list):
        return {_decode(k): _decode(v) for k, v in inner}
    raise OddMasterError("a value of no known kind")
