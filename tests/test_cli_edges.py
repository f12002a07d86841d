"""Edges of the command line found in use: same-named files in different folders, the library's
own output as gold, help texts, flag names, the default number of jobs, one-word quotations."""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest

from quoteattr.cli import EXAMPLES, SMALL_RUN, build_parser, main
from quoteattr.evaluate import gold_from_output, score
from tests.conftest import ARTICLES, ROOT

SEEDS = sorted(ARTICLES.glob("*.txt"))


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture()
def two_stories(tmp_path, monkeypatch):
    """``a/story.txt`` and ``b/story.txt``: two different articles with the same file name."""
    for folder, seed in (("a", SEEDS[0]), ("b", SEEDS[2])):
        (tmp_path / folder).mkdir()
        shutil.copy(seed, tmp_path / folder / "story.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_same_named_files_in_two_folders_get_distinct_doc_ids(capsys, two_stories):
    code, out, _ = run(capsys, "extract", "--engine", "rules", "a", "b")
    assert code == 0
    assert [r["doc_id"] for r in lines(out)] == ["story", "b/story"]
    code, out, _ = run(capsys, "extract", "--engine", "rules", ".")
    assert [r["doc_id"] for r in lines(out)] == ["a/story", "b/story"]  # relative to the folder given
    code, out, _ = run(capsys, "extract", "--engine", "rules", "a/story.txt", "b/story.txt", "a/story.txt")
    assert [r["doc_id"] for r in lines(out)] == ["story", "b/story", "a/story"]


def test_link_keeps_both_same_named_articles(capsys, two_stories):
    expected = {p: len(lines(run(capsys, "extract", "--engine", "rules", p)[1])[0]["quotes"])
                for p in ("a/story.txt", "b/story.txt")}
    code, out, err = run(capsys, "link", "--engine", "rules", "--no-paraphrase", "a", "b")
    assert code == 0, err
    linked = lines(out)
    assert [(r["doc_id"], len(r["quotes"])) for r in linked] == [
        ("story", expected["a/story.txt"]), ("b/story", expected["b/story.txt"])]
    assert all(q["claim_id"] for r in linked for q in r["quotes"])


def test_link_with_a_claim_index_keeps_both_same_named_articles(capsys, two_stories):
    code, out, err = run(capsys, "link", "--engine", "rules", "--no-paraphrase", "a", "b", "--db", "claims.db")
    assert code == 0, err
    assert [r["doc_id"] for r in lines(out)] == ["story", "b/story"]
    code, out, err = run(capsys, "claims", "--db", "claims.db", "--format", "jsonl", "--limit", "0")
    docs = {m["doc_id"] for c in lines(out) for m in c["members"]}
    assert docs == {"story", "b/story"}


def test_link_renames_a_repeated_doc_id_in_results_input(capsys, two_stories):
    parts = [run(capsys, "extract", "--engine", "rules", p)[1] for p in ("a/story.txt", "b/story.txt")]
    (two_stories / "joined.jsonl").write_text("".join(parts), encoding="utf-8")  # both say doc_id "story"
    code, out, err = run(capsys, "link", "--input-format", "results", "--no-paraphrase", "joined.jsonl")
    assert code == 0, err
    assert [r["doc_id"] for r in lines(out)] == ["story", "story-2"]
    assert "'story' occurs more than once" in err


def test_eval_accepts_the_libraries_own_output_as_gold(capsys, tmp_path):
    code, out, _ = run(capsys, "extract", "--engine", "rules", str(ARTICLES))
    gold = tmp_path / "corrected.jsonl"
    records = lines(out)
    records[0]["quotes"] = records[0]["quotes"][1:]  # a hand correction: one quotation removed
    gold.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "eval", "--gold", gold, "--pred", pred, "--text-dir", ARTICLES)
    assert code == 0, err
    scores = json.loads(out.splitlines()[-1])
    n_pred = sum(len(r["quotes"]) for r in lines(pred.read_text()))
    assert scores["exact"]["r"] == 1.0 and scores["exact"]["p"] == round((n_pred - 1) / n_pred, 4)
    assert scores["speaker_acc"] == 1.0 and scores["canonical_acc"] == 1.0 and scores["role_acc"] == 1.0


def test_own_output_as_gold_keeps_names_anonymous_and_unsettled_speakers():
    doc = {"doc_id": "d", "schema_version": "1.0", "quotes": [
        {"start": 0, "end": 3, "text": "abc", "kind": "direct", "cue": {"text": "said", "start": 5, "end": 9},
         "speaker": {"name": "Maria Lopez", "mention": "Lopez", "start": 10, "end": 15, "role": "mayor",
                     "type": "person"}},
        {"start": 20, "end": 23, "text": "def", "kind": "direct", "cue": None,
         "speaker": {"name": None, "mention": "a senior official", "start": 30, "end": 47,
                     "role": "senior official", "type": "anonymous"}},
        {"start": 50, "end": 53, "text": "ghi", "kind": "indirect", "cue": None,
         "speaker": {"name": None, "mention": "she", "start": 60, "end": 63, "role": None, "type": "person"}},
    ]}
    a, b, c = gold_from_output(doc)["quotes"]
    assert (a["speaker"], a["mention"], a["role"], a["cue"], a["mention_start"]) == ("Maria Lopez", "Lopez", "mayor",
                                                                                     "said", 10)
    assert b["speaker"] is None and b["anonymous"] and b["role"] == "senior official"
    assert c["speaker"] is None and c["ambiguous"]
    seed_style = {"doc_id": "d", "quotes": [{"start": 0, "end": 3, "kind": "direct", "speaker": "Maria Lopez"}]}
    assert gold_from_output(seed_style) is seed_style
    assert score([doc], [doc]).speaker_acc.value == 1.0


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_command_has_one_example_that_parses(command):
    parser = build_parser()
    path = command.split()
    help_text = parser.format_help() if not path else _subparser(parser, path).format_help()
    assert help_text.count("example:") == 1 and EXAMPLES[command] in help_text
    args = parser.parse_args(shlex.split(EXAMPLES[command])[1:])
    assert getattr(args, "func", None) is not None


def _subparser(parser, path):
    for name in path:
        action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        parser = action.choices[name]
    return parser


def test_one_flag_name_for_the_models_directory():
    parser = build_parser()
    flags = {command: {o for a in _subparser(parser, command.split())._actions for o in a.option_strings}
             for command in ("extract", "render", "link", "models status", "models download")}
    assert all("--models-dir" in f for f in flags.values()), flags
    assert "--dir" not in _subparser(parser, ["models", "download"]).format_help()  # only a hidden alias


def test_docs_and_help_agree_on_the_default_number_of_jobs():
    help_text = " ".join(_subparser(build_parser(), ["extract"]).format_help().split())
    docs = " ".join((ROOT / "docs" / "scale.md").read_text(encoding="utf-8").split())
    phrase = f"all cores for {SMALL_RUN} or more files; 1 for fewer files and for --input-format jsonl"
    assert phrase in help_text and phrase in docs.replace("`", "")
    assert not re.search(r"--jobs 1.{0,4}\(the default\)", docs)


def test_one_word_quote_from_the_command_line(capsys, tmp_path):
    f = tmp_path / "no.txt"
    f.write_text('The talks ended on Friday.\n\n"No," she said when asked about a deal.\n', encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--engine", "rules", f)
    [q] = lines(out)[0]["quotes"]
    assert (q["text"], q["kind"], q["speaker"]["mention"], q["cue"]["text"]) == ("No,", "direct", "she", "said")
