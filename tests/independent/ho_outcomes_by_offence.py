"""Positive-outcome rates by offence group, and for racially or religiously
aggravated offences (offence description beginning "Racially or religiously
aggravated"), from a Home Office crime outcomes open-data table: outcome types
1,2,3,4,6,7,8 of the outcomes for offences recorded in the year (the
`offences` column, every outcome type including 0, not yet assigned). England
and Wales = the 43 territorial forces (British Transport Police apart). Rank 1
= highest rate. Funnel limits around the England and Wales rate p:
p +/- z sqrt(p(1-p)/n), z = 1.959964 (95%) and 3.090232 (99.8%).
Run: python3 tests/independent/ho_outcomes_by_offence.py [FILE] [FORCE]"""
import csv, gzip, io, math, sys

PATH = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/home-office/prc-outcomes-open-data-2017-18.csv.gz'
FORCE = sys.argv[2] if len(sys.argv) > 2 else 'South Yorkshire'
POSITIVE = {1, 2, 3, 4, 6, 7, 8}
NOT_TERRITORIAL = {'british transport police'}


def norm(h):
    return h.strip().lower().replace('_', ' ')


opener = gzip.open if PATH.endswith('.gz') else open
with opener(PATH, 'rt', encoding='utf-8-sig', newline='') as f:
    rows = csv.reader(f)
    header = [norm(h) for h in next(rows)]
    col = {h: i for i, h in enumerate(header)}
    off_col = col.get('offences', col.get('number of offences'))
    sums = {}  # (force, measure) -> [positive, all]
    for r in rows:
        try:
            t = int(r[col['outcome type']])
        except ValueError:
            continue
        v = r[off_col]
        if v in ('', 'NA'):
            continue
        n = int(float(v))
        force, group = r[col['force name']], r[col['offence group']]
        desc = r[col['offence description']]
        measures = ['All offences', group]
        if desc.lower().startswith('racially or religiously aggravated'):
            measures.append('Racially or religiously aggravated offences')
        for m in measures:
            s = sums.setdefault((force, m), [0, 0, 0])
            s[1] += n
            if t in POSITIVE:
                s[0] += n
            if t == 0:
                s[2] += n

forces = sorted({f for f, _ in sums if f.lower() not in NOT_TERRITORIAL and f != 'NA'})
print(f"{len(forces)} territorial forces; others: {sorted({f for f, _ in sums} - set(forces))}")
for m in ['All offences', 'Racially or religiously aggravated offences', 'Sexual offences']:
    pos = sum(sums.get((f, m), [0, 0, 0])[0] for f in forces)
    tot = sum(sums.get((f, m), [0, 0, 0])[1] for f in forces)
    p = pos / tot
    rates = sorted(((sums[(f, m)][0] / sums[(f, m)][1], f) for f in forces if sums.get((f, m), [0, 0, 0])[1]), reverse=True)
    fp, fn, _ = sums[(FORCE, m)]
    rank = [f for _, f in rates].index(FORCE) + 1
    # The app ranks only mature figures: a force with over 20% of its
    # offences still without an outcome (type 0) is provisional, not ranked.
    young = sorted(f for f in forces if f != FORCE and sums[(f, m)][2] / sums[(f, m)][1] > 0.2)
    mature = [(r, f) for r, f in rates if f not in young]
    mature_rank = [f for _, f in mature].index(FORCE) + 1
    se = math.sqrt(p * (1 - p) / fn)
    print(f"{m}: {FORCE} {fp}/{fn} = {100*fp/fn:.4f}%; E&W {pos}/{tot} = {100*p:.4f}%; "
          f"rank {rank} of {len(rates)} ({mature_rank} of {len(mature)} leaving out provisional {young}); 95% {100*(p-1.959964*se):.4f}-{100*(p+1.959964*se):.4f}; "
          f"99.8% {100*(p-3.090232*se):.4f}-{100*(p+3.090232*se):.4f}")
    btp = sums.get(('British Transport Police', m))
    if btp and btp[1]:
        print(f"  British Transport Police {btp[0]}/{btp[1]} = {100*btp[0]/btp[1]:.4f}%")
