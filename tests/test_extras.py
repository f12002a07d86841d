"""The core install and its extras: without an extra's packages, the core still works and each
feature that needs the extra says which `pip install 'quoteattr[...]'` fixes it.

Each case runs in a fresh interpreter in which the extra's packages cannot be imported (their
``sys.modules`` entries are None), as in a venv with only the core dependencies.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from quoteattr.errors import EXTRA_MODULES
from tests.conftest import ARTICLES, ROOT

SEED = str(ARTICLES / "000_1879b8cbd23b03c0.txt")
EVERY_EXTRA = sorted(set().union(*EXTRA_MODULES.values()))


def run_without(blocked, code: str) -> subprocess.CompletedProcess:
    prelude = f"import sys\nfor m in {sorted(blocked)!r}: sys.modules[m] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def cli_without(blocked, *args: str) -> subprocess.CompletedProcess:
    return run_without(blocked, f"from quoteattr.cli import main\nsys.exit(main({list(args)!r}))")


def test_core_extracts_with_no_extra_installed():
    out = cli_without(EVERY_EXTRA, "extract", str(ARTICLES), "--format", "table")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("== ") == 5 and "Lavrov" in out.stdout
    assert "stanza is not installed" in out.stderr and "quoteattr[stanza]" in out.stderr


@pytest.mark.parametrize(
    "extra, code",
    [
        ("stanza", "from quoteattr.cli import main\nsys.exit(main(['extract', '--engine', 'stanza', %r]))" % SEED),
        ("stanza", "from quoteattr.cli import main\nsys.exit(main(['models', 'download']))"),
        ("stanza", "import quoteattr\nquoteattr.Pipeline('stanza')"),
        ("neural", "import quoteattr\nquoteattr.Pipeline('neural')"),
        ("neural", "from quoteattr.cli import main\nsys.exit(main(['extract', '--engine', 'neural', %r]))" % SEED),
        ("link", "import quoteattr\nquoteattr.Corpus.from_paths([%r]).link(paraphrase=True)" % SEED),
        ("spacy", "import quoteattr.spacy"),
        ("notebook", "import quoteattr\nquoteattr.extract('\"No,\" she said.', engine='rules').to_pandas()"),
        ("dask", "import quoteattr.dask\nquoteattr.dask.extract_bag(['a text'])"),
    ],
)
def test_a_missing_extra_names_the_install_that_fixes_it(extra, code):
    out = run_without(EXTRA_MODULES[extra], code)
    assert out.returncode != 0
    assert f"pip install 'quoteattr[{extra}]'" in out.stderr, out.stderr[-1500:]


def test_linking_without_the_link_extra_links_exact_and_partial_and_says_so():
    out = cli_without(EXTRA_MODULES["link"], "link", str(ARTICLES), "--format", "table")
    assert out.returncode == 0, out.stderr
    assert "pip install 'quoteattr[link]'" in out.stderr and "exact and partial" in out.stderr
    assert "seeking Syria-wide ceasefire" in out.stdout  # a headline quote repeated verbatim


def test_the_core_dependencies_leave_out_torch_and_every_extra_is_in_all():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"])
    assert not any(heavy in core for heavy in ("stanza", "torch", "spacy", "sentence-transformers", "pandas"))
    extras = project["optional-dependencies"]
    everything = extras["all"][0]
    for name in extras:
        if name != "all":
            assert name in everything, f"extra {name!r} is missing from quoteattr[all]"
    for name in EXTRA_MODULES:
        assert name in extras or name == "neural", f"EXTRA_MODULES names {name!r}, which pyproject.toml lacks"


def test_readme_first_command_is_the_core_install_and_the_main_job():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2  # .ci/run runs exactly these two
    core, tests = block
    assert core.startswith("python -m pip install . &&") and "extract examples/articles/ --format table" in core
    assert tests.index("torch==") < tests.index('".[all]"') < tests.index("pytest")


def test_docs_never_install_from_an_index_quoteattr_is_not_on():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            # `pip install 'quoteattr[extra]'` adds an extra to an installed quoteattr: fine
            assert not re.search(r"pip install quoteattr\b(?!\[)", line), f"{page.name}: {line}"
