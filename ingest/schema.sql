-- quotetrack storage schema (DuckDB). Tables hold what ingest writes; the stable interface
-- for SQL users is the views in views.sql. Statements of an article are replaced as a whole
-- when its text changes; corpus-level tables (speakers, topics, clusters) are rebuilt by the
-- build passes at the end of every run.

CREATE TABLE IF NOT EXISTS schema_info (
    key   TEXT,
    value TEXT
);

-- One row per ingest or reingest run: what ran, with which versions, and what it did.
CREATE TABLE IF NOT EXISTS runs (
    run_id             TEXT,
    command            TEXT,
    started            TIMESTAMPTZ,
    finished           TIMESTAMPTZ,
    status             TEXT,          -- running | ok | failed
    quotetrack_version TEXT,
    extractor          TEXT,
    duckdb_version     TEXT,
    sources            TEXT[],
    articles_read      INTEGER,
    articles_new       INTEGER,
    articles_unchanged INTEGER,
    articles_changed   INTEGER,
    articles_failed    INTEGER,
    statements         INTEGER,
    speakers           INTEGER
);

-- Every path or URL ever ingested, so `quotetrack reingest` can read them again.
-- Paths are stored relative to the database's folder when they are files.
CREATE TABLE IF NOT EXISTS sources (
    source    TEXT,
    first_run TEXT,
    last_run  TEXT
);

CREATE TABLE IF NOT EXISTS articles (
    article_id   TEXT NOT NULL,
    content_hash TEXT NOT NULL,       -- sha256 of the text: statement ids derive from it
    record_hash  TEXT NOT NULL,       -- sha256 of text and metadata: change detection
    source       TEXT,
    item         TEXT,
    outlet       TEXT,
    url          TEXT,
    title        TEXT,
    published    TIMESTAMP,           -- wall-clock time as written in the article
    published_tz TEXT,                -- its zone or UTC offset when known
    language     TEXT,
    text         TEXT NOT NULL,
    meta         JSON,
    run_id       TEXT,
    extractor    TEXT
);

CREATE TABLE IF NOT EXISTS statements (
    statement_id    TEXT NOT NULL,    -- hash of article id, content hash and spans: stable
    article_id      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    "start"         INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    spans           INTEGER[][],
    text            TEXT NOT NULL,    -- article.text[start:end]
    quote           TEXT NOT NULL,    -- the spans' text joined with " … " (what was said)
    speaker_name    TEXT,             -- as resolved within the article
    speaker_mention TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_role    TEXT,
    cue             TEXT,
    cue_start       INTEGER,
    cue_end         INTEGER,
    confidence      DOUBLE,
    language        TEXT,
    extractor       TEXT,
    run_id          TEXT,
    -- Computed beside extraction, per statement (ingest/pipeline.py statement_columns).
    said_on           DATE,           -- when it was said: the day, or the first day of a period
    said_on_end       DATE,           -- the period's last day; NULL for a single day
    said_on_estimated BOOLEAN,        -- placed by words in the article, not its publication date
    said_on_text      TEXT,           -- those words, as written ("am Mittwoch", "last week")
    occasion          TEXT,           -- "Shangri-La-Dialog", "press conference in Brussels"
    context_start     INTEGER,        -- the sentence before and the statement's own sentence,
    context_end       INTEGER,        -- as offsets into the article text (topics read them)
    quote_key         TEXT            -- hash of the normalised quote (clusters group by it)
);
-- Snapshots made before these columns existed get them empty (`make reingest` fills them).
ALTER TABLE statements ADD COLUMN IF NOT EXISTS said_on DATE;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS said_on_end DATE;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS said_on_estimated BOOLEAN;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS said_on_text TEXT;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS occasion TEXT;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS context_start INTEGER;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS context_end INTEGER;
ALTER TABLE statements ADD COLUMN IF NOT EXISTS quote_key TEXT;

CREATE TABLE IF NOT EXISTS ingest_errors (
    run_id TEXT,
    source TEXT,
    item   TEXT,
    level  TEXT,                      -- error: item skipped | warning: kept with a caveat
    reason TEXT
);

-- Corpus-level tables, rebuilt by the build passes (ingest/build.py) on every run.
CREATE TABLE IF NOT EXISTS speakers (
    speaker_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT,                  -- person | organisation | group | document
    qid        TEXT,
    party      TEXT,
    country    TEXT,
    notes      TEXT
);

CREATE TABLE IF NOT EXISTS speaker_aliases (
    speaker_id TEXT NOT NULL,
    alias      TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS statement_speakers (
    statement_id TEXT NOT NULL,
    speaker_id   TEXT NOT NULL
);

-- Speakers across articles (ingest/speakers.py) and corrections (ingest/corrections.py).
-- Columns added after the first release come as ALTERs so older snapshots gain them.
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS source TEXT;  -- registry | corpus | correction | ambiguous
ALTER TABLE statement_speakers ADD COLUMN IF NOT EXISTS role TEXT;       -- as written, or from the name
ALTER TABLE statement_speakers ADD COLUMN IF NOT EXISTS method TEXT;     -- how the speaker was decided
ALTER TABLE statement_speakers ADD COLUMN IF NOT EXISTS name_form TEXT;  -- the name as understood

CREATE TABLE IF NOT EXISTS statement_corrections (
    statement_id  TEXT NOT NULL,
    not_statement BOOLEAN,            -- marked as no statement: hidden from statements_v
    kind          TEXT,               -- the corrected kind, when corrected
    corrections   TEXT[]              -- ids of the corrections behind this row
);

CREATE TABLE IF NOT EXISTS corrections (
    correction_id TEXT NOT NULL,
    action        TEXT NOT NULL,      -- speaker | not_statement | kind | merge | split | withdraw
    statement_id  TEXT,
    speaker       TEXT,
    other         TEXT,
    kind          TEXT,
    withdraws     TEXT,
    who           TEXT,
    "when"        TEXT,
    why           TEXT,
    status        TEXT                -- applied | withdrawn | problem
);

CREATE TABLE IF NOT EXISTS correction_problems (
    correction_id TEXT NOT NULL,
    action        TEXT,
    target        TEXT,
    problem       TEXT
);

CREATE TABLE IF NOT EXISTS statement_topics (
    statement_id TEXT NOT NULL,
    topic        TEXT NOT NULL,
    score        DOUBLE
);

-- The topic taxonomy as applied (data/topics.toml), and automatic key terms (ingest/topics.py).
CREATE TABLE IF NOT EXISTS topics (
    topic    TEXT NOT NULL,
    label_de TEXT,
    label_en TEXT,
    parent   TEXT
);

-- Which statements the topics pass tagged, and with which taxonomy (its fingerprint): a run
-- tags only statements that are new or were tagged with another taxonomy.
CREATE TABLE IF NOT EXISTS topics_applied (
    statement_id TEXT NOT NULL,
    taxonomy     TEXT NOT NULL
);

-- The content words of each statement, counted: what key terms are computed from.
CREATE TABLE IF NOT EXISTS statement_words (
    statement_id TEXT NOT NULL,
    term         TEXT NOT NULL,
    tf           BIGINT
);

CREATE TABLE IF NOT EXISTS statement_terms (
    statement_id TEXT NOT NULL,
    term         TEXT NOT NULL,
    score        DOUBLE             -- tf-idf over all statements
);

CREATE TABLE IF NOT EXISTS speaker_terms (
    speaker_id TEXT NOT NULL,
    term       TEXT NOT NULL,
    score      DOUBLE,              -- tf-idf over speakers (all statements of one speaker)
    statements INTEGER              -- how many of the speaker's statements use it
);

-- Each statement's topics (best first) and key terms as lists, so statements_v needs no
-- aggregation per query; rebuilt from statement_topics and statement_terms by the topics pass.
CREATE TABLE IF NOT EXISTS statement_lists (
    statement_id TEXT NOT NULL,
    topics       TEXT[],
    key_terms    TEXT[]
);

-- One record per repeated quote (ingest/clusters.py): every statement belongs to one cluster.
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id             TEXT NOT NULL,  -- the statement id of its first appearance
    speaker_id             TEXT,
    canonical_statement_id TEXT NOT NULL   -- the wording most articles carry
);

CREATE TABLE IF NOT EXISTS statement_clusters (
    statement_id TEXT NOT NULL,
    cluster_id   TEXT NOT NULL,
    match        TEXT,              -- first | identical | similar | contained
    similarity   DOUBLE             -- 0-100 against the wording it was matched to
);
