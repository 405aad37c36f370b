"""A stand-in model for the --cmd protocol tests: it proposes every
"Canada" as JURISDICTION, and misbehaves on its second article as its
first argument says (ok, crash, hang, badjson, offsets, label, text,
unknown, twice, silent)."""
import json
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
for i, line in enumerate(sys.stdin):
    rec = json.loads(line)
    text = rec["text"]
    spans = []
    at = text.find("Canada")
    while at >= 0:
        spans.append({"start": at, "end": at + 6, "label": "JURISDICTION", "canonical": "CA"})
        at = text.find("Canada", at + 1)
    out = {"id": rec["id"], "text": text, "spans": spans}
    if i == 1:
        if mode == "crash":
            sys.exit(3)
        if mode == "hang":
            time.sleep(3600)
        if mode == "badjson":
            print("{oops", flush=True)
            continue
        if mode == "offsets":
            out["spans"] = [{"start": 5, "end": 99999, "label": "ORG"}]
        if mode == "label":
            out["spans"] = [{"start": 0, "end": 1, "label": "NOPE"}]
        if mode == "text":
            out["text"] = text + "!"
        if mode == "unknown":
            out["id"] = "nobody"
        if mode == "twice":
            out["id"] = "a1"
        if mode == "silent":
            continue
    print(json.dumps(out, ensure_ascii=False), flush=True)
