"""The base of every kind the package names (a link's status, a severity, a log level...)."""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """An enum whose members are their string values: they compare, hash, format and dump to
    JSON as the plain words configuration, templates and output use (`enum.StrEnum` from 3.11)."""

    def __str__(self) -> str:
        return str(self.value)
