-- police.uk street files to Scrutineer's measures, in DuckDB: for data past
-- what a browser holds (ten years of every force, or a national body).
--
-- Input:  any number of police.uk street files (YYYY-MM-force-street.csv),
--         plain or .gz, named by the `files` variable (a glob or a list).
--         One download per force and month: DuckDB reads them all, and a
--         Crime ID repeated within a month counts once, as in Scrutineer.
-- Output: CSV in Scrutineer's measures format (area, period, measure, value,
--         numerator, denominator), the same figures `scrutineer measures`
--         prints for the same files: per council (the LSOA name without its
--         code) and month, crimes by type with zeros where a covered month
--         has none, all crime excluding anti-social behaviour, and the
--         police.uk positive-outcome rate (last outcome, of crimes recorded).
--
-- Run:    duckdb -c "SET VARIABLE files = 'data/*/*-street.csv';" \
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
    month, force, crime_type, outcome
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
    ORDER BY area, measure, period
) TO '/dev/stdout' (FORMAT csv, HEADER true);
