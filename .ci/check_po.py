#!/usr/bin/env python3
"""Each catalogue loads in polib with a UTF-8 header naming its language, and every
entry polib reads has a msgctxt (csstd writes one for every block)."""
import sys

import polib

failed = False
for path in sys.argv[1:]:
    po = polib.pofile(path)
    lang = po.metadata.get("Language")
    if not lang or "charset=UTF-8" not in po.metadata.get("Content-Type", ""):
        print(f"{path}: header lacks Language or a UTF-8 Content-Type: {po.metadata}")
        failed = True
    for entry in po:
        if entry.msgctxt is None:
            print(f"{path}:{entry.linenum}: entry without msgctxt: {entry.msgid!r}")
            failed = True
    print(f"{path}: {len(po)} entries, {len(po.obsolete_entries())} obsolete, {po.percent_translated()}% translated")
sys.exit(1 if failed else 0)
