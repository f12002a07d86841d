"""Finding stanza's models, failing fast without them, `quoteattr models status|download`, and
the auto engine's fallback.  Nothing here downloads anything or builds a stanza pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from quoteattr.cli import main
from quoteattr.nlp import stanza_engine
from quoteattr.nlp.stanza_engine import find_models, search_order
from tests.conftest import ARTICLES, ROOT, SHARED

MODELS = SHARED / "models" / "stanza-en"
NEEDS_MODELS = pytest.mark.skipif(
    not (MODELS / "resources.json").is_file(),
    reason=f"needs the small stanza models at {MODELS} (they come with ../shared; absent in a plain clone)",
)
SEED = sorted(ARTICLES.glob("*.txt"))[0]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def fake_models(d: Path, *, missing: tuple[str, ...] = ()) -> Path:
    """A stanza resources directory with empty model files, some of them left out."""
    procs = {"tokenize": "combined", "pos": "combined_charlm", "lemma": "combined_nocharlm",
             "depparse": "combined_charlm", "ner": "ontonotes_charlm"}
    res = {"en": {"lang_name": "English", "default_processors": procs,
                  "pos": {"combined_charlm": {"dependencies": [{"model": "pretrain", "package": "conll17"}]}}}}
    d.mkdir(parents=True, exist_ok=True)
    (d / "resources.json").write_text(json.dumps(res), encoding="utf-8")
    for name, pkg in list(procs.items()) + [("pretrain", "conll17")]:
        if name in missing:
            continue
        f = d / "en" / name / f"{pkg}.pt"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x" * 10)
    return d


def test_nothing_installed(tmp_path):
    found = find_models("en", tmp_path)
    assert not found.ok and found.directory == tmp_path
    assert "resources.json" in found.reason


def test_all_files_present_with_their_dependencies(tmp_path):
    found = find_models("en", fake_models(tmp_path))
    assert found.ok
    assert found.packages() == {"tokenize": "combined", "pos": "combined_charlm", "lemma": "combined_nocharlm",
                                "depparse": "combined_charlm", "ner": "ontonotes_charlm"}
    pos = next(p for p in found.processors if p.name == "pos")
    assert [f.path.parent.name for f in pos.files] == ["pos", "pretrain"]


def test_a_missing_model_file_is_named_before_stanza_sees_it(tmp_path):
    # stanza itself would fail later with a bare KeyError: 'en' (see ../shared/models/README.md)
    found = find_models("en", fake_models(tmp_path, missing=("depparse",)))
    assert not found.ok
    assert str(tmp_path / "en" / "depparse" / "combined_charlm.pt") in found.reason


def test_a_missing_dependency_makes_its_processor_unusable(tmp_path):
    found = find_models("en", fake_models(tmp_path, missing=("pretrain",)))
    assert not found.ok and "pretrain" in found.reason


def test_an_optional_processor_may_be_missing(tmp_path):
    found = find_models("en", fake_models(tmp_path, missing=("ner",)))
    assert found.ok and "ner" not in found.packages()


def test_language_not_listed(tmp_path):
    found = find_models("de", fake_models(tmp_path))
    assert not found.ok and "'de'" in found.reason and "en" in found.reason


def test_search_order_models_dir_then_env_then_stanza_default(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    order = search_order(tmp_path / "given")
    assert [label for label, _ in order] == ["--models-dir / models_dir", "$STANZA_RESOURCES_DIR", "stanza's default"]
    assert stanza_engine.default_dir(tmp_path / "given") == tmp_path / "given"
    assert stanza_engine.default_dir(None) == tmp_path / "env"
    monkeypatch.delenv("STANZA_RESOURCES_DIR")
    assert stanza_engine.default_dir(None) == stanza_engine.stanza_default_dir()


@NEEDS_MODELS
def test_the_small_shared_models_are_found():
    found = find_models("en", MODELS)
    assert found.ok
    assert set(found.packages()) == {"tokenize", "mwt", "pos", "lemma", "depparse"}  # no NER


def test_missing_models_fail_fast_without_importing_stanza_or_torch(tmp_path):
    code = textwrap.dedent(f"""
        import sys, time
        t = time.monotonic()
        import quoteattr
        from quoteattr.errors import ModelsNotFoundError
        try:
            quoteattr.Pipeline("stanza", models_dir={str(tmp_path)!r})
        except ModelsNotFoundError as exc:
            print(exc)
        print("imported:", "stanza" in sys.modules, "torch" in sys.modules)
        print("seconds:", time.monotonic() - t)
    """)
    env = {k: v for k, v in os.environ.items() if k != "STANZA_RESOURCES_DIR"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=60).stdout
    assert str(tmp_path) in out and "quoteattr models download" in out
    assert "imported: False False" in out
    assert float(out.rsplit("seconds:", 1)[1]) < 5


def test_importing_quoteattr_imports_no_stanza():
    code = ("import sys, quoteattr, quoteattr.pipeline, quoteattr.nlp.stanza_engine, quoteattr.extract.syntax;"
            "print('stanza' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert out.strip() == "False False"


def test_cli_engine_stanza_without_models_says_how_to_fix(capsys, tmp_path):
    code, out, err = run(capsys, "extract", "--engine", "stanza", "--models-dir", tmp_path, SEED)
    assert code == 1 and not out
    assert str(tmp_path) in err and f"quoteattr models download --models-dir {tmp_path}" in err


def test_cli_engine_auto_without_models_falls_back_to_rules_and_says_so(capsys, tmp_path, no_neural_runtime):
    code, out, err = run(capsys, "extract", "--engine", "auto", "--models-dir", tmp_path, SEED)
    assert code == 0
    assert "no stanza models" in err and "using rules" in err
    rec = json.loads(out.splitlines()[0])
    assert rec["doc_id"] == SEED.stem and rec["quotes"]


def test_pipeline_auto_without_models_is_rules(tmp_path, no_neural_runtime):
    import quoteattr

    nlp = quoteattr.Pipeline("auto", models_dir=tmp_path)
    assert nlp.engine_name == "rules" and "using rules" in nlp.note
    assert nlp.extract('"We will not back down," the minister said.').engine == "rules"


@NEEDS_MODELS
def test_models_status_reports_the_shared_models(capsys):
    code, out, _ = run(capsys, "models", "status", "--models-dir", MODELS)
    assert code == 0
    assert f"--models-dir / models_dir: {MODELS}   <- used" in out
    assert "stanza 1." in out and "resources.json" in out
    for proc in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        assert any(line.split()[:3][0] == proc and "ewt_small" in line and " ok " in line
                   for line in out.splitlines() if line.startswith("  ")), proc
    assert any(line.split()[0] == "ner" and "not installed" in line for line in out.splitlines() if line.startswith("  "))
    assert "status: ready" in out


def test_models_status_without_models(capsys, tmp_path):
    code, out, _ = run(capsys, "models", "status", "--models-dir", tmp_path)
    assert code == 1
    assert "not usable" in out and f"fix: quoteattr models download --models-dir {tmp_path}" in out


def _fake_stanza(monkeypatch, download):
    fake = types.ModuleType("stanza")
    fake.download = download
    monkeypatch.setitem(sys.modules, "stanza", fake)


def test_models_download_calls_stanza_download(capsys, tmp_path, monkeypatch):
    calls = []

    def download(lang, model_dir, processors, **kw):
        calls.append((lang, model_dir, processors))
        fake_models(Path(model_dir))

    _fake_stanza(monkeypatch, download)
    code, out, _ = run(capsys, "models", "download", "--models-dir", tmp_path / "m")
    assert code == 0
    assert calls == [("en", str(tmp_path / "m"), "tokenize,mwt,pos,lemma,depparse,ner")]
    assert f"into {tmp_path / 'm'}" in out and "status: ready" in out


def test_models_download_failure_is_reported(capsys, tmp_path, monkeypatch):
    def download(lang, model_dir, processors, **kw):
        raise ConnectionError("no network")

    _fake_stanza(monkeypatch, download)
    code, _, err = run(capsys, "models", "download", "--dir", tmp_path)
    assert code == 1 and "no network" in err and str(tmp_path) in err
