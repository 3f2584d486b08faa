"""The plugin rewrites exactly what Python-Markdown renders as text: not indented code, and heading ids as toc makes them."""

from __future__ import annotations

import pytest

from .conftest import content, elements, page

pytestmark = pytest.mark.slow

FILES = {
    "docs/a.md": "Para.\n\n    code [[b]] here\n\nSee [[b#The my_var setting]] and [[b#the-my_var-setting | by id]].\n",
    "docs/b.md": "# B\n\n## The my_var setting\n\nText.\n",
}


def test_indented_code_stays_code_and_heading_links_keep_underscores(site, pmn_logs):
    _, site_dir = site(FILES, {"plugins": [{"pmnotes": {"lint": True, "lint_level": "warn"}}]})
    html = content(page(site_dir, "a"))
    assert "<pre><code>code [[b]] here\n</code></pre>" in html
    links = elements(html, "pmn-link")
    assert [e.attrs["href"] for e in links] == ["../b/#the-my_var-setting", "../b/#the-my_var-setting"]
    assert 'id="the-my_var-setting"' in page(site_dir, "b")
    assert not [m for level, m in pmn_logs() if "PMN204" in m or "PMN201" in m]
