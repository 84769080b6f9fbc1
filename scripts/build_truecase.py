"""Rebuild src/incidentwire/data/truecase.tsv.gz: for each word, its usual casing in running text.

Statistics learned from the mixed-case dev corpora in ../shared/eval/dev (allowed: only counts
are kept, no text). Usage: python scripts/build_truecase.py [EVAL_DIR]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

EVAL = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev")
OUT = Path(__file__).resolve().parents[1] / "src/incidentwire/data/truecase.tsv.gz"
FILES = ["gva_dev.jsonl", "gvdb_dev.jsonl", "geo_lgl.jsonl", "geo_trnews.jsonl", "geo_geovirus.jsonl"]
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def count_forms(text: str, forms: dict[str, Counter[str]]) -> None:
    for m in WORD.finditer(text):
        before = text[max(0, m.start() - 3):m.start()]
        if not before.strip() or re.search(r"[.!?\"'“:\n]\s*$", before):
            continue  # sentence-initial: casing says nothing
        word = m.group()
        if word.isupper() and len(word) > 1 and not re.fullmatch(r"[A-Z]{2,5}", word):
            continue  # shouted headlines
        forms[word.lower()][word] += 1


def main() -> None:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for name in FILES:
        with open(EVAL / name, encoding="utf-8") as fh:
            for line in fh:
                count_forms(json.loads(line)["text"], forms)
    rows = []
    for low, counts in forms.items():
        total = sum(counts.values())
        if total < 2:
            continue
        best, n = counts.most_common(1)[0]
        rows.append(f"{low}\t{best if best != low else ''}\t{total}")
    rows.sort()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(rows) + "\n")
    print(f"{len(rows)} words -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
