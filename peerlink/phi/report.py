"""How well the PHI guard does on a labelled corpus: precision and recall per category.

    python -m peerlink.phi.report                  # the shipped corpus (corpus.jsonl)
    python -m peerlink.phi.report --corpus FILE    # any JSON-lines corpus

(`python -m peerlink.consultations.phi_report` runs the same.)

The shipped corpus (corpus.jsonl) was written first and the rules grown on it;
holdout.jsonl was written afterwards, in three batches, each measured before any rule was
changed for it (the session note has those first figures), so run it too:
`--corpus peerlink/phi/holdout.jsonl`.

Each line is {"text": ..., "phi": true|false, "category": ...} ("clean" where phi is false),
optionally with "spans": [{"start", "end", "category"}] marking each identifier.

Scoring. With spans, an identifier is found when a finding overlaps it (whatever category the
finding has: the text is held back and the span marked either way; how often the categories
agree is reported as `category_agreement`). Without spans, a PHI line is found when it has any
finding. A finding is correct when it overlaps a labelled span (or, on a line without spans,
when the line is PHI); so precision per category counts findings of that category. Clean lines
with any finding make `clean_flag_rate`. `structured_recall` is recall over every category but
`name`; `name_recall` is recall on names alone. The text of the corpus is never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

from peerlink.phi.detector import CATEGORIES, find_phi


def load_corpus(path: Path | None) -> list[dict]:
    if path is None:
        raw = resources.files("peerlink.phi").joinpath("corpus.jsonl")
        text = raw.read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("text"), str) or not isinstance(row.get("phi"), bool):
            raise ValueError(f"line {number}: needs a string 'text' and a boolean 'phi'")
        row.setdefault("category", "clean" if not row["phi"] else "unknown")
        rows.append(row)
    return rows


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate(rows: list[dict], detect=find_phi) -> dict:
    """Scores `detect` (text -> findings with category/start/end) on the labelled rows."""
    labelled = defaultdict(int)        # identifiers (or PHI lines) per category
    found = defaultdict(int)
    agreed = 0
    predicted = defaultdict(int)       # findings per category
    correct = defaultdict(int)
    clean_lines = clean_flagged = 0
    elapsed = float("inf")  # the best of three passes: the machine may be busy
    for _ in range(3):
        started = time.perf_counter()
        results = [detect(row["text"]) for row in rows]
        elapsed = min(elapsed, time.perf_counter() - started)
    for row, findings in zip(rows, results, strict=True):
        spans = row.get("spans") or []
        for f in findings:
            predicted[f.category] += 1
            if spans:
                ok = any(_overlaps(f.start, f.end, s["start"], s["end"]) for s in spans)
            else:
                ok = row["phi"]
            correct[f.category] += ok
        if not row["phi"]:
            clean_lines += 1
            clean_flagged += bool(findings)
            continue
        if spans:
            for s in spans:
                labelled[s["category"]] += 1
                hits = [f for f in findings if _overlaps(f.start, f.end, s["start"], s["end"])]
                found[s["category"]] += bool(hits)
                agreed += any(f.category == s["category"] for f in hits)
        else:
            labelled[row["category"]] += 1
            found[row["category"]] += bool(findings)
            agreed += any(f.category == row["category"] for f in findings)

    categories = [c for c in CATEGORIES if c in labelled or c in predicted]
    categories += sorted(set(labelled) - set(categories))
    per_category = {}
    for c in categories:
        per_category[c] = {
            "labelled": labelled[c],
            "recall": round(found[c] / labelled[c], 4) if labelled[c] else None,
            "findings": predicted[c],
            "precision": round(correct[c] / predicted[c], 4) if predicted[c] else None,
        }
    structured = [c for c in labelled if c != "name"]
    s_total = sum(labelled[c] for c in structured)
    total_found = sum(found.values())
    return {
        "lines": len(rows),
        "structured_recall": round(sum(found[c] for c in structured) / s_total, 4)
        if s_total else None,
        "name_recall": round(found["name"] / labelled["name"], 4) if labelled["name"] else None,
        "clean_flag_rate": round(clean_flagged / clean_lines, 4) if clean_lines else None,
        "clean_lines": clean_lines,
        "category_agreement": round(agreed / total_found, 4) if total_found else None,
        "sentences_per_second": round(len(rows) / elapsed) if rows and elapsed else None,
        "per_category": per_category,
    }


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def render(report: dict) -> str:
    lines = [f"{'category':<16}{'labelled':>9}{'recall':>9}{'findings':>10}{'precision':>11}"]
    for name, row in report["per_category"].items():
        lines.append(f"{name:<16}{row['labelled']:>9}{_fmt(row['recall']):>9}"
                     f"{row['findings']:>10}{_fmt(row['precision']):>11}")
    lines += [
        "",
        f"structured recall     {_fmt(report['structured_recall'])}  (target >= 0.98)",
        f"name recall           {_fmt(report['name_recall'])}",
        f"clean lines flagged   {_fmt(report['clean_flag_rate'])}  "
        f"of {report['clean_lines']} (target <= 0.05)",
        f"category agreement    {_fmt(report['category_agreement'])}",
        f"speed                 {report['sentences_per_second']} sentences per second "
        f"({report['lines']} lines)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m peerlink.phi.report") -> int:
    parser = argparse.ArgumentParser(prog=prog,
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a JSON-lines corpus (default: shipped)")
    args = parser.parse_args(argv)
    find_phi("warm-up: loads the name list once")
    report = evaluate(load_corpus(args.corpus))
    print(render(report))
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
