-- police.uk street and outcomes files to Scrutineer's measures, in DuckDB:
-- for data past what a browser holds (ten years of every force, or a
-- national body).
--
-- Input:  any number of police.uk street files (YYYY-MM-force-street.csv),
--         plain or .gz, named by the `files` variable (a glob or a list).
--         One download per force and month: DuckDB reads them all, and a
--         Crime ID repeated within a month counts once, as in Scrutineer.
--         The outcomes files of the same download (YYYY-MM-force-outcomes.csv),
--         named by `outcome_files`; with none, name recipes/no-outcomes.csv
--         (a header and no rows). `equal_age_months` (3 unless set) is the
--         age of the equal-age outcome rate, as `--equal-age-months`.
-- Output: CSV in Scrutineer's measures format (area, period, measure, value,
--         numerator, denominator), the same figures `scrutineer measures`
--         prints for the same files: per council (the LSOA name without its
--         code) and month, crimes by type with zeros where a covered month
--         has none, all crime excluding anti-social behaviour, and the
--         police.uk positive-outcome rate (last outcome, of crimes recorded),
--         and, from the outcomes files, the equal-age rate: of a month's
--         crimes, those with a positive outcome within N months, for the
--         months whose next N months of outcomes are all loaded.
--
-- Run:    duckdb -c "SET VARIABLE files = 'data/*/*-street.csv';" \
--                -c "SET VARIABLE outcome_files = 'data/*/*-outcomes.csv';" \
--                -c ".read recipes/police-uk-to-measures.sql" > measures.csv
-- The same SQL runs on MotherDuck or any DuckDB host; point `files` at
-- wherever the archive is unzipped (s3://…/*/*-street.csv works there).

CREATE OR REPLACE TEMP TABLE raw AS
SELECT
    nullif(trim("Crime ID"), '') AS crime_id,
    trim("Month") AS month,
    trim(coalesce("Falls within", '')) AS force,
    trim(coalesce("LSOA name", '')) AS lsoa,
    trim("Crime type") AS crime_type,
    lower(trim(coalesce("Last outcome category", ''))) AS outcome
FROM read_csv(getvariable('files'), header = true, all_varchar = true, union_by_name = true);

-- A council is the LSOA name without its trailing code ("Rotherham 016A");
-- a name with no code is kept whole; a row with no LSOA has no council.
CREATE OR REPLACE TEMP TABLE crimes AS
SELECT
    CASE
        WHEN regexp_matches(lsoa, '^.*\S\s+[A-Za-z0-9]*[0-9][A-Za-z0-9]*$')
            THEN rtrim(regexp_extract(lsoa, '^(.*\S)\s+[A-Za-z0-9]*[0-9][A-Za-z0-9]*$', 1))
        ELSE lsoa
    END AS council,
    crime_id, month, force, crime_type, outcome
FROM (
    SELECT *, row_number() OVER (PARTITION BY crime_id, month) AS nth
    FROM raw
)
WHERE (crime_id IS NULL OR nth = 1) AND lsoa <> '';

-- A council's months are those of the files of every force that reports
-- some of its crimes: a month such a file covers with none of them is a
-- zero, and a month no file covers is left out (a gap, never a zero).
CREATE OR REPLACE TEMP TABLE covered AS
SELECT DISTINCT c.council, m.month
FROM (SELECT DISTINCT council, force FROM crimes) c
JOIN (SELECT DISTINCT force, month FROM raw) m USING (force);
CREATE OR REPLACE TEMP TABLE crime_types AS SELECT DISTINCT crime_type FROM crimes;

-- police.uk last-outcome labels that count as positive (src/ingest/formats/police_uk_outcomes.rs).
CREATE OR REPLACE TEMP TABLE positive(label VARCHAR);
INSERT INTO positive VALUES
    ('suspect charged'), ('suspect charged as part of another case'), ('awaiting court outcome'),
    ('court result unavailable'), ('court case unable to proceed'), ('defendant found not guilty'),
    ('defendant sent to crown court'), ('offender sent to prison'),
    ('offender given suspended prison sentence'), ('offender given community sentence'),
    ('offender fined'), ('offender given conditional discharge'), ('offender given absolute discharge'),
    ('offender ordered to pay compensation'), ('offender deprived of property'),
    ('offender otherwise dealt with'), ('offender given a caution'), ('offender given penalty notice'),
    ('offender given a drugs possession warning'), ('local resolution'), ('defendant found guilty');

-- Outcomes: each crime's first positive outcome, in whole months after the
-- month it was recorded (an outcome dated before it counts as the same
-- month), joined by Crime ID to the month and council it was first loaded for.
CREATE OR REPLACE TEMP MACRO month_index(m) AS
    CAST(substr(m, 1, 4) AS INTEGER) * 12 + CAST(substr(m, 6, 2) AS INTEGER);
CREATE OR REPLACE TEMP TABLE outcome_events AS
SELECT trim("Crime ID") AS crime_id, trim("Month") AS month, lower(trim("Outcome type")) AS outcome
FROM read_csv(getvariable('outcome_files'), header = true, all_varchar = true, union_by_name = true)
WHERE trim(coalesce("Crime ID", '')) <> '' AND trim(coalesce("Outcome type", '')) <> ''
    AND regexp_matches(trim("Month"), '^[0-9]{4}-(0[1-9]|1[0-2])$');
CREATE OR REPLACE TEMP TABLE registered AS
SELECT crime_id, arg_min(council, month) AS council, min(month) AS month
FROM crimes WHERE crime_id IS NOT NULL
GROUP BY crime_id;
CREATE OR REPLACE TEMP TABLE first_positive AS
SELECT r.council, r.month, min(greatest(0, month_index(e.month) - month_index(r.month))) AS lag
FROM outcome_events e JOIN registered r USING (crime_id)
WHERE e.outcome IN (SELECT label FROM positive)
GROUP BY r.crime_id, r.council, r.month;
CREATE OR REPLACE TEMP TABLE outcome_months AS
SELECT DISTINCT month_index(month) AS m FROM outcome_events;
CREATE OR REPLACE TEMP TABLE equal_age AS
WITH n AS (SELECT coalesce(getvariable('equal_age_months'), 3)::INTEGER AS n),
recorded AS (
    SELECT council, month, count(*) AS crimes FROM crimes
    WHERE crime_type <> 'Anti-social behaviour' GROUP BY ALL
),
positives AS (
    SELECT council, month, count(*) AS positives FROM first_positive, n
    WHERE lag <= n.n GROUP BY ALL
)
SELECT r.council AS area, r.month AS period,
       'Positive outcome rate within ' || n.n || CASE WHEN n.n = 1 THEN ' month' ELSE ' months' END
           || ' of the crime (%, police.uk outcomes, of crimes recorded)' AS measure,
       100.0 * coalesce(p.positives, 0) / r.crimes AS value,
       coalesce(p.positives, 0) AS numerator, r.crimes AS denominator
FROM recorded r CROSS JOIN n
LEFT JOIN positives p USING (council, month)
WHERE (SELECT count(*) FROM outcome_months o
       WHERE o.m BETWEEN month_index(r.month) AND month_index(r.month) + n.n) = n.n + 1;

COPY (
    SELECT c.council AS area, c.month AS period, 'Crimes: ' || t.crime_type AS measure,
           count(x.crime_type) AS value, NULL AS numerator, NULL AS denominator
    FROM covered c CROSS JOIN crime_types t
    LEFT JOIN crimes x ON x.council = c.council AND x.month = c.month AND x.crime_type = t.crime_type
    GROUP BY ALL
    UNION ALL
    SELECT c.council, c.month, 'All crime excluding anti-social behaviour',
           count(x.crime_type), NULL, NULL
    FROM covered c
    LEFT JOIN crimes x ON x.council = c.council AND x.month = c.month
        AND x.crime_type <> 'Anti-social behaviour'
    GROUP BY ALL
    UNION ALL
    SELECT council, month, 'Positive outcome rate (%, police.uk last outcome, of crimes recorded)',
           100.0 * count(*) FILTER (WHERE outcome IN (SELECT label FROM positive)) / count(*),
           count(*) FILTER (WHERE outcome IN (SELECT label FROM positive)), count(*)
    FROM crimes
    WHERE crime_type <> 'Anti-social behaviour'
    GROUP BY ALL
    UNION ALL
    SELECT * FROM equal_age
    ORDER BY area, measure, period
) TO '/dev/stdout' (FORMAT csv, HEADER true);
