"""Builds a police.uk-style national archive over 1 GB from the real street
files in ../shared/data (South Yorkshire and Merseyside), as police.uk lays it
out (YYYY-MM/YYYY-MM-force-street.csv), by repeating the months under earlier
years: repetition r moves every month back r years and rewrites the Crime IDs'
first eight hex digits, so no force-month or crime repeats. Members are
stored, not deflated, so the archive is as large as its CSV (a deflated one
over 1 GB would need 10 GB of CSV to make). Prints the archive's path,
members, data rows and bytes as JSON; reuses an archive already built.

With MIXED as a third argument (tests/e2e/parallel_archive.test.mjs), members
are deflated, each month also has an outcomes file (every third crime of the
month given an outcome, the Crime IDs as in its street file, so outcomes join
crimes read from another member), and the first street member appears again
under another folder (its crimes repeat another member's).

With DAMAGED (MIXED, and more): the 30th street member has a row whose month
is not a month, and the deflated data of the 40th to 45th street members is
overwritten in its middle, as a bad copy would leave it, so they cannot be
read whole (six, so that helpers read some of them whatever the timing).

Usage: python3 tests/e2e/big_archive.py OUT.zip TARGET_BYTES [MIXED|DAMAGED]
"""
import json
import os
import sys
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
street = os.path.join(here, "..", "..", "..", "shared", "data", "police-uk", "street")
out, target = sys.argv[1], int(sys.argv[2])
damaged = len(sys.argv) > 3 and sys.argv[3] == "DAMAGED"
mixed = damaged or (len(sys.argv) > 3 and sys.argv[3] == "MIXED")
summary = out + ".json"
if os.path.exists(out) and os.path.exists(summary):
    with open(summary) as f:
        done = json.load(f)
    if done["bytes"] == os.path.getsize(out) and done["target"] == target and done.get("mixed", False) == mixed and done.get("damaged", False) == damaged:
        print(json.dumps(done))
        sys.exit(0)

files = []
for name in sorted(os.listdir(street)):
    if name.endswith("-street.csv"):
        with open(os.path.join(street, name), encoding="utf-8", newline="") as f:
            text = f.read()
        cut = text.index("\r\n") + 2
        files.append((name, text[:cut], text[cut:].split("\r\n")))

members = rows = written = 0
OUTCOMES_HEADER = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\r\n"
compression = zipfile.ZIP_DEFLATED if mixed else zipfile.ZIP_STORED
first = None
street_members = 0
BAD_MONTH, BAD_DATA = 30, range(40, 46)
to_damage = []
with zipfile.ZipFile(out, "w", compression, allowZip64=True) as z:
    rep = 0
    while written < target:
        prefix = format(rep, "08x")
        for name, header, lines in files:
            year, month = int(name[:4]) - rep, name[5:7]
            when = f"{year:04d}-{month}"
            body = []
            for line in lines:
                if not line:
                    continue
                crime_id, _, rest = line.split(",", 2)
                if crime_id:
                    crime_id = prefix + crime_id[8:]
                body.append(f"{crime_id},{when},{rest}")
            street_members += 1
            if damaged and street_members == BAD_MONTH:
                body[4] = body[4].replace(f",{when},", ",2019-13,", 1)
            data = (header + "\r\n".join(body) + "\r\n").encode("utf-8")
            z.writestr(f"{when}/{when}{name[7:]}", data)
            if damaged and street_members in BAD_DATA:
                to_damage.append(f"{when}/{when}{name[7:]}")
            members += 1
            rows += len(body)
            written += len(data)
            if mixed:
                first = first or (f"again/{when}{name[7:]}", data, len(body))
                outcomes = []
                for line in body[::3]:
                    fields = line.split(",")
                    if fields[0]:
                        # Crime ID, Month .. LSOA name (Location may hold no comma in these files).
                        outcomes.append(",".join(fields[:9]) + ",Investigation complete; no suspect identified")
                text = OUTCOMES_HEADER + "\r\n".join(outcomes) + "\r\n"
                z.writestr(f"{when}/{when}{name[7:].replace('street', 'outcomes')}", text.encode("utf-8"))
                members += 1
                rows += len(outcomes)
        rep += 1
    if first:
        z.writestr(first[0], first[1])
        members += 1
        rows += first[2]

for member in to_damage:
    with zipfile.ZipFile(out) as z:
        info = z.getinfo(member)
    with open(out, "r+b") as f:
        f.seek(info.header_offset + 26)
        name_len, extra_len = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
        start = info.header_offset + 30 + name_len + extra_len
        f.seek(start + info.compress_size // 2)
        f.write(bytes([0xFF]) * 64)

done = {"path": out, "members": members, "rows": rows, "bytes": os.path.getsize(out), "target": target, "mixed": mixed, "damaged": damaged, "damaged_members": to_damage}
with open(summary, "w") as f:
    json.dump(done, f)
print(json.dumps(done))
