"""The base of every kind the package names (a link's status, a severity, a log level...)."""

from __future__ import annotations

import enum


class StrEnum(enum.StrEnum):
    """An enum whose members are their string values: they compare, hash, format and dump to
    JSON as the plain words configuration, templates and output use."""
