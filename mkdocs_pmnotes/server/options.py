"""The editor's `initializationOptions`, read once into a typed record.

Each option has its default here and one reader; a value of the wrong type is left
at its default with a warning (as jedi-language-server's `initialization_options`
does), so a typo in an editor's settings never stops the server. This module imports
nothing of the protocol machinery: the server reads the options before loading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GUIDE_URL = "https://mkdocs-pmnotes.readthedocs.io/en/latest/"  # where the guide is published
DEBOUNCE_MS = 50.0  # quiet typing before a note is linted again
DIAGNOSTICS = ("auto", "push")


@dataclass(frozen=True)
class Options:
    guide_url: str = GUIDE_URL  # `guideUrl`: where each diagnostic's rule link points
    debounce_ms: float = DEBOUNCE_MS  # `debounceMs`
    diagnostics: str = "auto"  # `diagnostics`: "push" pushes even to a client that says it pulls
    index_processes: int | None = None  # `indexProcesses`: None chooses by the site's size
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was left at its default, and why

    @property
    def delay(self) -> float:
        """`debounce_ms` in seconds."""
        return self.debounce_ms / 1000

    @classmethod
    def read(cls, raw: Any) -> Options:
        """The options of an `initialize` request's `initializationOptions` (anything JSON)."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            return cls(problems=(f"initializationOptions is {type(raw).__name__}, not an object: ignored",))
        problems: list[str] = []

        def wrong(name: str, wanted: str) -> None:
            problems.append(f"initializationOptions.{name} is {raw[name]!r}, not {wanted}: the default is used")

        guide, delay, diagnostics, processes = GUIDE_URL, DEBOUNCE_MS, "auto", None
        if raw.get("guideUrl") is not None:
            if isinstance(raw["guideUrl"], str) and raw["guideUrl"]:
                guide = raw["guideUrl"]
            else:
                wrong("guideUrl", "a URL")
        if "debounceMs" in raw:
            if _number(raw["debounceMs"]):
                delay = max(float(raw["debounceMs"]), 0.0)
            else:
                wrong("debounceMs", "a number of milliseconds")
        if "diagnostics" in raw:
            if raw["diagnostics"] in DIAGNOSTICS:
                diagnostics = raw["diagnostics"]
            else:
                wrong("diagnostics", '"auto" or "push"')
        if raw.get("indexProcesses") is not None:
            if isinstance(raw["indexProcesses"], int) and not isinstance(raw["indexProcesses"], bool):
                processes = raw["indexProcesses"]
            else:
                wrong("indexProcesses", "a whole number")
        return cls(guide, delay, diagnostics, processes, tuple(problems))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value  # not NaN
