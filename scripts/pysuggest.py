"""The baseline of the suggestion benchmark: the plain Python way to
match a phrase gazetteer against a tagdesk database, as spaCy's
PhraseMatcher does it (token tuples in a dict, a set of prefixes to stop
early), with the regular expression tokenizer \\w+|[^\\w\\s] and
str.casefold. It reads the articles with sqlite3, and stores one JSON row
of suggestions per article in OUT.db, as tagdesk does.

    python3 scripts/pysuggest.py tagdesk.db patterns.jsonl OUT.db
"""
import json
import re
import sqlite3
import sys


def main(db, patterns, out):
    tok = re.compile(r"\w+|[^\w\s]")
    phrases, prefixes = {}, set()
    with open(patterns, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if not isinstance(p["pattern"], str):
                continue
            words = tuple(m.group().casefold() for m in tok.finditer(p["pattern"]))
            phrases.setdefault(words, []).append((p["label"], p.get("id", "")))
            for k in range(1, len(words)):
                prefixes.add(words[:k])
    src = sqlite3.connect(db)
    dst = sqlite3.connect(out)
    dst.execute("CREATE TABLE IF NOT EXISTS suggestions (article_id INTEGER PRIMARY KEY, n INTEGER, items TEXT)")
    dst.execute("DELETE FROM suggestions")
    total = 0
    for aid, text in src.execute("SELECT id, text FROM articles ORDER BY id"):
        toks = [(m.start(), m.end(), m.group().casefold()) for m in tok.finditer(text)]
        items = []
        for i in range(len(toks)):
            key = ()
            for j in range(i, len(toks)):
                key += (toks[j][2],)
                for label, cid in phrases.get(key, ()):
                    items.append({"s": toks[i][0], "e": toks[j][1], "l": label, "c": cid})
                if key not in prefixes:
                    break
        if items:
            dst.execute("INSERT INTO suggestions VALUES (?, ?, ?)", (aid, len(items), json.dumps(items, ensure_ascii=False)))
            total += len(items)
    dst.commit()
    print(f"{total} suggestions", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
