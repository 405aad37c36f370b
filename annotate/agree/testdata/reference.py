#!/usr/bin/env python3
"""Agreement figures of annotations, computed independently of tagdesk
with scikit-learn (cohen_kappa_score) and NLTK (AnnotationTask: pi,
multi_kappa, alpha), for annotate/agree's TestAgainstReference.

Input (argv[1]), JSON: {"annotators": [...], "articles": [{"id", "len"
(code points), "tokens": [[start, end], ...], "spans": {annotator:
[[start, end, label], ...]}}]}; an annotator missing from "spans" did not
take part in that article. Output on stdout, JSON: the figures by name.
"""
import json
import math
import sys
import warnings

from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score

warnings.simplefilter("ignore")  # sklearn warns when kappa is undefined (nan)


def outer(spans):
    """The spans in the order the outermost rule takes them: earliest, then longest."""
    spans = sorted(spans, key=lambda s: (s[0], s[1], s[2]))
    return sorted(spans, key=lambda s: (s[0], -s[1]))


def token_tags(tokens, spans):
    """IOB2 tags: a span tags every token it touches unless one is taken."""
    owner = [-1] * len(tokens)
    for k, (start, end, label) in enumerate(outer(spans)):
        touched = [t for t, (ts, te) in enumerate(tokens) if te > start and ts < end]
        if not touched or any(owner[t] >= 0 for t in touched):
            continue
        for t in touched:
            owner[t] = k
    ordered = outer(spans)
    tags = []
    for t, k in enumerate(owner):
        if k < 0:
            tags.append("O")
        elif t > 0 and owner[t - 1] == k:
            tags.append("I-" + ordered[k][2])
        else:
            tags.append("B-" + ordered[k][2])
    return tags


def char_labels(n, spans):
    labels = ["-"] * n
    end = 0
    for start, e, label in outer(spans):
        if start < end:
            continue
        for i in range(start, e):
            labels[i] = label
        end = e
    return labels


def only(tags, label):
    return [t if t != "O" and t[2:] == label else "O" for t in tags]


def only_char(labels, label):
    return [x if x == label else "-" for x in labels]


def kappa(a, b):
    if not a:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def task_figure(data, method):
    if not data:
        return float("nan")
    try:
        return float(getattr(AnnotationTask(data=data), method)())
    except ZeroDivisionError:
        return float("nan")


def main():
    study = json.load(open(sys.argv[1]))
    names = study["annotators"]
    labels = sorted({s[2] for a in study["articles"] for sp in a["spans"].values() for s in sp})
    out = {}
    tags = []  # per article: {annotator: tags}
    chars = []
    for art in study["articles"]:
        tags.append({a: token_tags(art["tokens"], sp) for a, sp in art["spans"].items()})
        chars.append({a: char_labels(art["len"], sp) for a, sp in art["spans"].items()})
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            both = [k for k, art in enumerate(study["articles"]) if a in art["spans"] and b in art["spans"]]
            ta = [t for k in both for t in tags[k][a]]
            tb = [t for k in both for t in tags[k][b]]
            ca = [c for k in both for c in chars[k][a]]
            cb = [c for k in both for c in chars[k][b]]
            p = f"{a}|{b}"
            out[p + " token kappa"] = kappa(ta, tb)
            out[p + " char kappa"] = kappa(ca, cb)
            exact = na = nb = 0
            for k in both:
                sa = {tuple(s) for s in study["articles"][k]["spans"][a]}
                sb = {tuple(s) for s in study["articles"][k]["spans"][b]}
                exact, na, nb = exact + len(sa & sb), na + len(sa), nb + len(sb)
            out[p + " exact"] = exact
            out[p + " spans a"] = na
            out[p + " spans b"] = nb
            for label in labels:
                out[f"{p} {label} token kappa"] = kappa(only(ta, label), only(tb, label))
                out[f"{p} {label} char kappa"] = kappa(only_char(ca, label), only_char(cb, label))
    complete = [k for k, art in enumerate(study["articles"]) if all(a in art["spans"] for a in names)]
    tok_data = [(a, f"{k}:{t}", tags[k][a][t]) for k in complete for a in names for t in range(len(tags[k][a]))]
    char_data = [(a, f"{k}:{c}", chars[k][a][c]) for k in complete for a in names for c in range(len(chars[k][a]))]
    out["token fleiss"] = task_figure(tok_data, "pi")
    out["token multi-kappa"] = task_figure(tok_data, "multi_kappa")
    out["char fleiss"] = task_figure(char_data, "pi")
    all_data = [(a, f"{k}:{t}", tg[t]) for k, per in enumerate(tags) for a, tg in per.items() for t in range(len(tg))]
    out["token alpha"] = task_figure(all_data, "alpha")
    json.dump({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in out.items()}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
