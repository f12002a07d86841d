#!/usr/bin/env python3
"""List the speaker, canonical-name and role mismatches of an extraction against gold, by cause.

Quotations are matched as the scorer matches them (overlap >= 0.5); each matched quotation whose
speaker, canonical name or role the scorer would count wrong is printed on one line, with the
gold and predicted (name | mention | role | type) and a guessed cause:

  no-speaker       the quotation came back with no speaker at all
  mention-differs  the speaker is attached to other words than the gold mention
  role             right speaker, missing or different role
  resolution       right mention, wrong or unresolved entity (name, canonical form)

    python -m quoteattr extract DIR > pred.jsonl
    python scripts/speaker_errors.py --gold GOLD --pred pred.jsonl --text-dir DIR [--only SPK|CAN|ROLE]
"""

from __future__ import annotations

import argparse
from collections import Counter

from quoteattr.evaluate import doc_text, expand, load_docs, match_spans, speaker_ok, trim, words_ok


def mismatches(gold_path: str, pred_path: str, text_dir: str | None):
    """Yield ``(doc_id, flags, cause, gold_quote, pred_quote, context)`` for each mismatch."""
    gold, pred = load_docs(gold_path), load_docs(pred_path)
    for doc_id, gd in gold.items():
        text = doc_text(gd, doc_id, text_dir)
        gq = list(gd["quotes"])
        pq = list((pred.get(doc_id) or {}).get("quotes", []))

        def span(q):
            return trim(text, int(q["start"]), int(q["end"])) if text else (int(q["start"]), int(q["end"]))

        for gi, pi in match_spans([span(q) for q in gq], [span(q) for q in pq], "overlap50"):
            g, p = gq[gi], pq[pi]
            sp = p.get("speaker") or {}
            flags = []
            if not g.get("ambiguous") and not speaker_ok(g, p, text):
                flags.append("SPK")
            if g.get("speaker") and expand(sp.get("name")) != expand(g["speaker"]):
                flags.append("CAN")
            if g.get("role") and not (sp.get("role") and words_ok(sp["role"], g["role"])):
                flags.append("ROLE")
            if not flags:
                continue
            if not sp:
                cause = "no-speaker"
            elif (sp.get("start"), sp.get("end")) != (g.get("mention_start"), g.get("mention_end")) \
                    and g.get("mention_start") is not None:
                cause = "mention-differs"
            elif flags == ["ROLE"]:
                cause = "role"
            else:
                cause = "resolution"
            context = text[max(0, g["start"] - 50):g["start"]].replace("\n", " ") if text else ""
            yield doc_id, flags, cause, g, p, context


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--text-dir")
    ap.add_argument("--only", choices=("SPK", "CAN", "ROLE"), help="list only this kind of mismatch")
    a = ap.parse_args()
    causes: Counter[str] = Counter()
    for doc_id, flags, cause, g, p, context in mismatches(a.gold, a.pred, a.text_dir):
        if a.only and a.only not in flags:
            continue
        causes[cause] += 1
        sp = p.get("speaker") or {}
        gold = f"{g.get('speaker')} | {g.get('mention')} | {g.get('role')}"
        got = f"{sp.get('name')} | {sp.get('mention')} | {sp.get('role')} | {sp.get('type')}"
        print(f"{str(doc_id)[:16]:16} {'/'.join(flags):13} {cause:15} gold[{gold}]  pred[{got}]  ...{context!r}")
    print("by cause:", ", ".join(f"{c} {n}" for c, n in causes.most_common()))


if __name__ == "__main__":
    main()
