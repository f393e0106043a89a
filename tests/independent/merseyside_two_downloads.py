"""A second real pair of police.uk downloads, of another force: Merseyside's
street file for September 2019 as downloaded around November 2019 (the
fixture tests/fixtures/merseyside-download-2019-11/, from the public
repository avelasqu/Crime_UK) and as in ../shared/data/police-uk/street/
(a download to March 2020). For each Merseyside council: the police.uk
positive-outcome rate (last outcome, of crimes recorded, anti-social behaviour
left out, a Crime ID repeated in the month counted once), the open share, and
the month's age in each download.
Run: python3 tests/independent/merseyside_two_downloads.py"""
import csv, glob, gzip, io, os

from two_extracts_revisions import POSITIVE, OPEN, months

HERE = os.path.dirname(os.path.abspath(__file__))
EARLY = os.path.join(HERE, '../fixtures/merseyside-download-2019-11/2019-09-merseyside-street.csv.gz')
LATER = os.path.join(HERE, '../../../shared/data/police-uk/street/')
COUNCILS = ['Knowsley', 'Liverpool', 'Sefton', 'St. Helens', 'Wirral']


def count(rows):
    out, seen = {}, set()
    for r in rows:
        if r['Crime type'] == 'Anti-social behaviour' or r['Month'] != '2019-09':
            continue
        council = next((c for c in COUNCILS if r['LSOA name'].startswith(c + ' ')), None)
        if council is None:
            continue
        cid = r['Crime ID']
        if cid:
            if cid in seen:
                continue
            seen.add(cid)
        o = r['Last outcome category'].strip().lower()
        m = out.setdefault(council, [0, 0, 0])
        m[1] += 1
        m[0] += o in POSITIVE
        m[2] += o in OPEN
    return out


with gzip.open(EARLY, 'rt', encoding='utf-8-sig', newline='') as f:
    early = count(csv.DictReader(f))
later_files = sorted(glob.glob(LATER + '*-merseyside-street.csv'))
with open(LATER + '2019-09-merseyside-street.csv', encoding='utf-8-sig', newline='') as f:
    later = count(csv.DictReader(f))
later_latest = max(os.path.basename(p)[:7] for p in later_files)
print(f"ages: {months('2019-09', '2019-09')} months in the early download, "
      f"{months('2019-09', later_latest)} in the later one (to {later_latest})")
for c in COUNCILS:
    ep, ec, eo = early[c]
    lp, lc, lo = later[c]
    print(f"{c}: early {ep}/{ec} {100*ep/ec:.4f}% open {100*eo/ec:.1f}% | "
          f"later {lp}/{lc} {100*lp/lc:.4f}% open {100*lo/lc:.1f}% | "
          f"revision {100*lp/lc - 100*ep/ec:+.4f}")
