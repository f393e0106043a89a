"""Rotherham's police.uk positive-outcome rate (last outcome, of crimes
recorded, anti-social behaviour left out) by month in the two South Yorkshire
downloads of ../shared/data/police-uk/two-extracts, the open share, each
month's age in its download (months before the download's latest month), the
revision from the earlier download to the later one, and the mean revision by
age. A Crime ID repeated in a month counts once, as the app counts it.
Run: python3 tests/independent/two_extracts_revisions.py"""
import csv, glob, gzip, io, os

POSITIVE = {s.lower() for s in [
    "Suspect charged", "Suspect charged as part of another case", "Awaiting court outcome",
    "Court result unavailable", "Court case unable to proceed", "Defendant found not guilty",
    "Defendant sent to Crown Court", "Offender sent to prison",
    "Offender given suspended prison sentence", "Offender given community sentence",
    "Offender fined", "Offender given conditional discharge", "Offender given absolute discharge",
    "Offender ordered to pay compensation", "Offender deprived of property",
    "Offender otherwise dealt with", "Offender given a caution", "Offender given penalty notice",
    "Offender given a drugs possession warning", "Local resolution", "Defendant found guilty"]}
OPEN = {"under investigation", "awaiting court outcome"}
BASE = '../shared/data/police-uk/two-extracts/'


def extract(folder):
    out = {}
    for path in sorted(glob.glob(BASE + folder + '/*.csv.gz')):
        seen = set()
        with gzip.open(path, 'rt', encoding='utf-8-sig', newline='') as f:
            for r in csv.DictReader(f):
                if r['Crime type'] == 'Anti-social behaviour':
                    continue
                if not r['LSOA name'].startswith('Rotherham '):
                    continue
                cid = r['Crime ID']
                if cid:
                    if (cid, r['Month']) in seen:
                        continue
                    seen.add((cid, r['Month']))
                o = r['Last outcome category'].strip().lower()
                m = out.setdefault(r['Month'], [0, 0, 0])
                m[1] += 1
                m[0] += o in POSITIVE
                m[2] += o in OPEN
    return out


def months(a, b):
    ya, ma = map(int, a.split('-'))
    yb, mb = map(int, b.split('-'))
    return (yb - ya) * 12 + mb - ma


def main():
    earlier, later = extract('earlier'), extract('later')
    e_latest, l_latest = max(earlier), max(later)
    print('month  earlier(age) pos/crimes rate open% | later(age) pos/crimes rate open% | revision')
    by_age = {}
    for m in sorted(later):
        lp, lc, lo = later[m]
        line = f"{m} "
        if m in earlier:
            ep, ec, eo = earlier[m]
            age = months(m, e_latest)
            line += f"({age}) {ep}/{ec} {100*ep/ec:.4f} {100*eo/ec:.1f}% | "
            rev = 100 * lp / lc - 100 * ep / ec
            by_age.setdefault(age, []).append(rev)
        else:
            line += "- | "
            rev = None
        line += f"({months(m, l_latest)}) {lp}/{lc} {100*lp/lc:.4f} {100*lo/lc:.1f}%"
        if rev is not None:
            line += f" | {rev:+.4f}"
        print(line)
    for age in sorted(by_age):
        v = by_age[age]
        print(f"age {age}: mean revision {sum(v)/len(v):+.4f} points over {len(v)} month(s)")
    young = [x for a in sorted(by_age) if a <= 2 for x in by_age[a]]
    print(f"ages 0-2: mean {sum(young)/len(young):+.4f} points over {len(young)} months")
    allr = [x for a in by_age for x in by_age[a]]
    print(f"all: mean {sum(allr)/len(allr):+.4f} points over {len(allr)} months")


if __name__ == '__main__':
    main()
