"""The plain Python export that `make bench` measures tagdesk against: the
database scripts/pyimport.py wrote, out as tagdesk's native JSONL (keys in
its order, spans sorted by start, end, label), with Python's C-accelerated
json module and the sqlite3 module: one query for the articles and one for
all spans in article order, grouped as they stream. On a database of the
corpus it writes the same bytes as `tagdesk export`.

    python3 scripts/pyexport.py py.db out.jsonl
"""
import json
import sqlite3
import sys

db, out = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
spans = con.execute(
    "select article_id, start, stop, label, attrs, note, canonical from spans"
    " order by article_id, annotator, start, stop, label")
pending = next(spans, None)
n = 0
with open(out, "w", encoding="utf-8") as f:
    for aid, ext_id, title, source, url, published, text, meta, annotator, status in con.execute(
            "select a.id, a.ext_id, a.title, a.source, a.url, a.published, a.text, a.meta,"
            " st.annotator, st.status from articles a join article_status st on st.article_id = a.id"
            " order by a.id"):
        m = {"title": title, "source": source, "url": url, "published": published}
        m.update(json.loads(meta))
        out_spans = []
        while pending is not None and pending[0] == aid:
            _, start, stop, label, attrs, note, canonical = pending
            out_spans.append({"start": start, "end": stop, "label": label, "text": text[start:stop],
                              "attrs": json.loads(attrs), "note": note, "canonical": canonical})
            pending = next(spans, None)
        n += len(out_spans)
        f.write(dumps({"id": ext_id, "text": text, "meta": m, "annotator": annotator,
                       "status": status, "spans": out_spans}))
        f.write("\n")
print(f"{n} spans", file=sys.stderr)
