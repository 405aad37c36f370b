#!/usr/bin/env python3
"""review-sample.py SAMPLE.jsonl OUTDIR: write alice.jsonl, bob.jsonl and
carol.jsonl, three annotators' versions of the sample article that
disagree in every way the review view marks (a span missing in one, a
different label, different boundaries, different attributes; a relation
agreed, missing in one, of a different type), for `tagdesk import` and the
review screenshot. Deterministic."""
import copy
import json
import sys

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    rec = json.loads(f.readline())
text = rec["text"]


# Relations as (head, type, tail), indexes into the sample's spans: the
# first is everyone's; the others are each annotator's own.
everyone = [(1, "imposed_by", 0)]
relations = {
    "alice": everyone + [(1, "targets", 2), (8, "imposed_by", 7)],
    "bob": everyone + [(1, "targets", 2), (1, "targets", 4), (8, "targets", 7)],
    "carol": everyone + [(8, "imposed_by", 7)],  # carol has no Xinjiang
}


def version(name, edit):
    r = copy.deepcopy(rec)
    r["annotator"], r["status"] = name, "done"
    spans = []
    for i, s in enumerate(r["spans"]):
        s = edit(i, s)
        if s is None:
            continue
        s["text"] = text[s["start"]:s["end"]]
        s["i"] = i
        spans.append(s)
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    at = {s.pop("i"): k for k, s in enumerate(spans)}
    r["spans"] = spans
    r["relations"] = [{"head": at[h], "child": at[t], "label": label}
                      for h, label, t in relations[name] if h in at and t in at]
    with open(f"{out}/{name}.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")


def bob(i, s):
    if i % 7 == 3:
        return None  # missing in bob
    if i % 9 == 4 and s["label"] in ("ORG", "PERSON"):
        s["label"] = "PERSON" if s["label"] == "ORG" else "ORG"  # another label
        s.pop("attrs", None)
    return s


def carol(i, s):
    if i % 8 == 5 and s["end"] - s["start"] > 4:
        s["end"] -= len(text[s["start"]:s["end"]].split(" ")[-1]) + 1 if " " in text[s["start"]:s["end"]] else 0
        if s["end"] <= s["start"]:
            s["end"] = s["start"] + 1
    if i % 6 == 1 and "role" in s.get("attrs", {}):
        s["attrs"]["role"] = "targeted" if s["attrs"]["role"] != "targeted" else "imposing"  # another attribute
    if i % 11 == 2:
        return None  # missing in carol
    return s


version("alice", lambda i, s: s)
version("bob", bob)
version("carol", carol)
