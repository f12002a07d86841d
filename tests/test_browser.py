"""The HTML view in a real browser: headless Chromium shows every quotation highlighted.

Needs Debian's ``chromium`` (``.ci/install-browser.sh``) and Playwright's Python package, which
drives that system browser (it downloads no browser of its own); skipped with the reason when
either is missing.  With ``QUOTEATTR_REGEN=1`` the test also refreshes
``docs/img/seed-render.png``, the screenshot in the README and the docs (as the seeds' golden
file is refreshed), so a plain test run leaves the checkout as it was.
"""

from __future__ import annotations

import base64
import os
import shutil

import pytest

from quoteattr.render import PALETTE, render_page

from tests.conftest import ARTICLES, ROOT

CHROMIUM = os.environ.get("QUOTEATTR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = ROOT / "docs" / "img" / "seed-render.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (pip install 'quoteattr[browser]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium on PATH (run .ci/install-browser.sh)")

# counts the pixels of a PNG (as a data URL) close to each of the given RGB colours
COUNT_COLOURS = """async ([url, colours]) => {
  const img = new Image(); img.src = url; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const counts = colours.map(() => 0);
  for (let i = 0; i < d.length; i += 4)
    colours.forEach(([r, g, b], k) => {
      if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 12) counts[k]++;
    });
  return counts;
}"""


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


@pytest.fixture(scope="module")
def seeds(rules):
    return [rules.extract(p.read_text(encoding="utf-8"), doc_id=p.stem) for p in sorted(ARTICLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def page(seeds, tmp_path_factory):
    path = tmp_path_factory.mktemp("render") / "seeds.html"
    path.write_text(render_page(seeds), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1000, "height": 900}, device_scale_factor=1)
            pg.goto(path.as_uri())
            yield pg
        finally:
            browser.close()


def test_every_quotation_and_speaker_is_there_and_visible(page, seeds):
    docs = page.locator(".qa-doc")
    assert docs.count() == len(seeds)
    for k, r in enumerate(seeds):
        doc = docs.nth(k)
        assert doc.get_attribute("data-doc-id") == r.doc_id
        for n, q in enumerate(r.quotes, 1):
            mark = doc.locator(f'mark.qa-quote[data-quote="{n}"]').first
            assert mark.is_visible(), (r.doc_id, n, q.text)
            box = mark.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0
            colour = mark.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), (r.doc_id, n)
            assert q.kind in mark.get_attribute("title")
        # the text the reader sees is the article, all of it
        assert doc.locator(".qa-text").evaluate("e => e.textContent") == r.text
        named = {q.speaker.name for q in r.quotes if q.speaker and q.speaker.name}
        legend = doc.locator(".qa-legend").inner_text()
        assert all(name in legend for name in named)
        assert doc.locator(".qa-legend-item").first.is_visible()
        mentions = doc.locator(".qa-speaker")
        assert mentions.count() >= 1 and mentions.first.is_visible()
        assert mentions.first.evaluate("e => getComputedStyle(e).fontWeight") == "700"


def test_screenshot_of_a_seed_shows_the_highlights(page, seeds):
    doc = page.locator(".qa-doc").first
    png = doc.screenshot()
    if os.environ.get("QUOTEATTR_REGEN"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(png)
    speakers = len({q.speaker.entity_id or q.speaker.name for q in seeds[0].quotes if q.speaker})
    colours = [rgb(light) for light, _ in PALETTE[: max(1, min(speakers, len(PALETTE)))]]
    counts = page.evaluate(COUNT_COLOURS, ["data:image/png;base64," + base64.b64encode(png).decode(), colours])
    # the first speakers' highlight colours each cover a visible area of the screenshot
    assert sum(c > 300 for c in counts) >= min(2, len(colours)), counts
