#!/usr/bin/env python3
"""Extracts PS3.15 Annex E Table E.3.10-1 (Safe Private Attributes) from a reStructuredText rendering of PS3.15
Annex E (the grid table under ".. table:: Safe Private Attributes") into safe-private-attributes.tsv.

Usage: extract-safe-private.py chapter_E.rst > eng/deidentification/safe-private-attributes.tsv
The table is the standard's (a fact: which private elements the standard lists as safe); this script is ours."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
start = text.index(".. table:: Safe Private Attributes")
lines = text[start:].split("\n")[1:]
rows, cells, started = [], None, False
for line in lines:
    s = line.strip()
    if not s:
        if started:
            break
        continue
    if s.startswith("+"):
        started = True
        if cells is not None and any(c.strip() for c in cells):
            rows.append([" ".join(c.split()) for c in cells])
        cells = None
        continue
    if s.startswith("|"):
        parts = s.strip("|").split("|")
        if cells is None:
            cells = [""] * len(parts)
        for i, p in enumerate(parts[: len(cells)]):
            cells[i] += " " + p.strip()
print("tag\tcreator\tvr\tvm\tmeaning")
for tag, creator, vr, vm, meaning in rows:
    if not re.match(r"\([0-9A-Fa-f]{4},xx[0-9A-Fa-f]{2}\)", tag):
        continue
    print("\t".join([tag.upper().replace("XX", "xx"), creator, vr, vm, meaning]))
