"""A real `mkdocs serve --dirty` through an author's edits: every affected page is served fresh.

The server runs in its own process on a free port; each edit is followed by polling
the pages it affects until they show it. The poll has a generous limit only so that
a broken rebuild fails the test instead of hanging it; nothing is timed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import write_site

pytestmark = pytest.mark.slow

A = "---\ntitle: Note A\n---\n\nPricing starts here, see [[b]].\n"
B = "---\ntitle: Note B\n---\n\nAbout pricing.\n"
C = "---\ntitle: Note C\n---\n\nC reads [[a]] first.\n"
LIMIT = 90  # seconds a rebuild may take on a busy machine before the test gives up


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    def __init__(self, root, port):
        self.root = root
        self.base = f"http://127.0.0.1:{port}/"

    def get(self, url: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + url, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def wait(self, url: str, check, what: str) -> str:
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            status, html = self.get(url)
            if check(status, html):
                return html
            time.sleep(0.2)
        raise AssertionError(f"/{url} never showed {what} (last status {status}); log:\n{self.log()[-3000:]}")

    def shows(self, url: str, text: str) -> str:
        return self.wait(url, lambda s, h: s == 200 and text in h, repr(text))

    def lacks(self, url: str, text: str) -> str:
        return self.wait(url, lambda s, h: s == 200 and text not in h, f"no {text!r}")

    def gone(self, url: str) -> None:
        self.wait(url, lambda s, h: s == 404, "a 404")

    def log(self) -> str:
        return (self.root / "serve.log").read_text(encoding="utf-8", errors="replace")

    def write(self, name: str, text: str) -> None:
        path = self.root / "docs" / name
        path.write_text(text, encoding="utf-8")
        # Newer than anything written so far, whatever the file system's clock granularity.
        later = time.time() + 2
        os.utime(path, (later, later))


@pytest.fixture
def served(tmp_path):
    config = write_site(
        tmp_path,
        {"docs/index.md": "---\ntitle: Home\n---\n\nThe notes.\n", "docs/a.md": A, "docs/b.md": B, "docs/c.md": C},
    )
    port = _port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - the server writes to it until stopped
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        yield Served(tmp_path, port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_dirty_serve_follows_every_edit(served):
    served.shows("b/", "Pricing starts here, see")  # a's sentence in b's panel
    served.shows("a/", "C reads")

    # Edit a note: its page and the panel of the page it links to.
    served.write("a.md", A.replace("Pricing starts here", "Pricing is decided early"))
    served.shows("a/", "Pricing is decided early")
    served.shows("b/", "Pricing is decided early")

    # Add a note with a link to a page and one to a missing topic.
    served.write("d.md", "---\ntitle: Note D\n---\n\nD agrees with [[b]] on [[lonely topic]].\n")
    served.shows("d/", "D agrees with")
    served.shows("b/", "<q>D agrees with")  # the panel quotes the sentence; the nav only names pages
    served.shows("topics/lonely_topic/", "<q>D agrees with")

    # Remove a link: the panel lets go of it.
    served.write("d.md", "---\ntitle: Note D\n---\n\nD agrees with nobody on [[lonely topic]].\n")
    served.lacks("b/", "<q>D agrees with")

    # Rename a note: the old page is gone, the new one is served, links to it follow.
    (served.root / "docs/c.md").rename(served.root / "docs/c2.md")
    served.shows("c2/", "C reads")
    served.gone("c/")
    served.shows("a/", 'href="../c2/"')

    # Delete a note: its page and the topic page only it needed are gone.
    (served.root / "docs/d.md").unlink()
    served.gone("d/")
    served.gone("topics/lonely_topic/")
    served.gone("topics/")  # no topic is left, so neither is their index

    # Break front matter: the page is rebuilt, the block shown as text, the problem logged once.
    served.write("b.md", "---\ntitle: [Note B\n---\n\nAbout pricing, and more.\n")
    served.shows("b/", "About pricing, and more.")
    log = served.log()
    assert log.count("PMN401") == 1, log
    assert "Aborted" not in log
