"""HTML for what the notes hold: links, timestamps, panels and generated pages.

The layer between the core and its front ends. It imports neither MkDocs nor the linter, so
the Markdown extension (and any site generator) can use it alone; the MkDocs adapter in
`plugin/` only wires it into a build.
"""

from pathlib import Path

ASSETS = Path(__file__).parent / "assets"
