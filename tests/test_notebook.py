"""examples/quickstart.ipynb runs top to bottom, so it cannot rot.

The notebook runs in a ``python3`` kernel.  jupyter_client starts a kernelspec whose command is
``python`` with the interpreter running this test (``sys.executable``), and ipykernel provides a
built-in ``python3`` spec when none is installed, so the kernel always sees the same environment
as pytest: no kernel needs registering.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def test_quickstart_notebook_runs_top_to_bottom():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, if any cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "data" in o and "text/html" in o["data"]]
    assert sum('class="qa-quote' in h for h in html) >= 2  # the result view and render_html
    assert any("<table" in h and "speaker" in h for h in html)  # the DataFrame of who said what
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "quotations" in text and "bound method" not in text  # len(r), r.speakers: plain values


def test_committed_without_outputs():
    """Outputs are produced by running it; committed outputs would go stale as extraction improves."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
