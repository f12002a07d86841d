"""The documentation builds with warnings as errors (mkdocs --strict), API reference included."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytest.importorskip("mkdocs")
pytest.importorskip("mkdocstrings")
pytest.importorskip("material")

PAGES = ["index", "quickstart", "concepts", "schema", "engines", "model-card", "linking", "scale", "evaluation",
         "benchmarks", "api"]


def test_docs_build_strict(tmp_path):
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in PAGES:
        path = site / ("index.html" if page == "index" else f"{page}/index.html")
        assert path.is_file(), page
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("quoteattr.pipeline.Pipeline", "quoteattr.parallel.extract_many", "quoteattr.render.render_html",
                 "quoteattr.frames.results_to_pandas", "quoteattr.dask.extract_bag"):
        assert f'id="{name}"' in api, name
    assert (site / "schema.json").is_file() and (site / "img" / "seed-render.png").is_file()
