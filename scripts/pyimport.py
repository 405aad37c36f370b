"""The plain Python import that `make bench` measures tagdesk against: the
native JSONL corpus into SQLite with Python's C-accelerated json module and
the sqlite3 module, the way a reasonable Python tool would write it:
articles, statuses and spans tables, one transaction, executemany.

    python3 scripts/pyimport.py corpus.jsonl py.db
"""
import json
import os
import sqlite3
import sys

path, db = sys.argv[1], sys.argv[2]
if os.path.exists(db):
    os.remove(db)
con = sqlite3.connect(db)
con.execute("pragma journal_mode=wal")
con.executescript("""
create table articles(id integer primary key, ext_id text unique, title text, source text,
  url text, published text, text text, meta text);
create table article_status(article_id integer references articles(id), annotator text,
  status text, primary key(article_id, annotator));
create table spans(id integer primary key, article_id integer references articles(id),
  start int, stop int, label text, attrs text, note text, canonical text, annotator text);
create unique index spans_key on spans(article_id, annotator, start, stop, label);
""")
fields = ("title", "source", "url", "published")
spans = 0
with open(path, encoding="utf-8") as f, con:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        meta = r.get("meta") or {}
        extra = {k: v for k, v in meta.items() if k not in fields}
        annotator = r.get("annotator", "")
        cur = con.execute(
            "insert into articles(ext_id,title,source,url,published,text,meta) values(?,?,?,?,?,?,?)",
            (r["id"], *(meta.get(k, "") for k in fields), r["text"],
             json.dumps(extra, ensure_ascii=False, sort_keys=True)))
        aid = cur.lastrowid
        con.execute("insert into article_status values(?,?,?)", (aid, annotator, r.get("status", "todo")))
        con.executemany(
            "insert into spans(article_id,start,stop,label,attrs,note,canonical,annotator) values(?,?,?,?,?,?,?,?)",
            [(aid, s["start"], s["end"], s["label"],
              json.dumps(s.get("attrs") or {}, ensure_ascii=False, sort_keys=True),
              s.get("note", ""), s.get("canonical", ""), annotator) for s in r.get("spans", [])])
        spans += len(r.get("spans", []))
con.close()
print(f"{spans} spans", file=sys.stderr)
