"""Ordered, named schema migrations. Each runs once and is recorded in schema_migrations.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY,
            created VARCHAR NOT NULL,
            report_version INTEGER NOT NULL,
            n_articles INTEGER NOT NULL,
            settings VARCHAR,          -- JSON object of the run's settings
            report VARCHAR NOT NULL    -- the whole report.json, for an exact round trip
        );
        CREATE TABLE articles (
            run_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
            source VARCHAR, outlet VARCHAR, url VARCHAR, title VARCHAR, author VARCHAR,
            published VARCHAR, language VARCHAR, genre VARCHAR, text VARCHAR,
            PRIMARY KEY (run_id, article_id)
        );
        CREATE TABLE removed (
            run_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
            kind VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR, reason VARCHAR
        );
        CREATE TABLE quotes (
            run_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, quote_id VARCHAR NOT NULL,
            kind VARCHAR, content VARCHAR, start_offset INTEGER, end_offset INTEGER,
            cue VARCHAR, cue_lemma VARCHAR, cue_class VARCHAR,
            speaker_mention VARCHAR, speaker_name VARCHAR, speaker_type VARCHAR, anonymous BOOLEAN,
            addressee VARCHAR, said_when VARCHAR, when_date VARCHAR, said_where VARCHAR,
            quote_group VARCHAR, nested_in VARCHAR,
            PRIMARY KEY (run_id, article_id, quote_id)
        );
        CREATE TABLE stances (
            run_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, claim_id VARCHAR,
            holder VARCHAR, holder_kind VARCHAR, label VARCHAR, probability DOUBLE, certainty DOUBLE,
            cues VARCHAR               -- JSON list
        );
        CREATE TABLE stories (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL,
            article_ids VARCHAR,       -- JSON list
            data VARCHAR,              -- JSON object: claims, reuse, quote variants, ...
            PRIMARY KEY (run_id, story_id)
        );
        CREATE TABLE failures (
            run_id VARCHAR NOT NULL, source VARCHAR, stage VARCHAR, message VARCHAR, code VARCHAR
        );
        """,
    ),
    (
        "0002_run_html",
        """
        -- the self-contained HTML report of each run, so the web UI serves exactly what analyze wrote
        ALTER TABLE runs ADD COLUMN html VARCHAR;
        """,
    ),
    (
        "0003_duplicates",
        """
        -- near duplicates marked by dedupe.minhash.v1, with the scores against their representative
        ALTER TABLE articles ADD COLUMN near_duplicate_of VARCHAR;
        ALTER TABLE articles ADD COLUMN resemblance DOUBLE;
        ALTER TABLE articles ADD COLUMN containment DOUBLE;
        -- inputs collapsed into a kept article as exact duplicates (analysed once, as that article)
        CREATE TABLE duplicates (
            run_id VARCHAR NOT NULL, source VARCHAR, copy_id VARCHAR,
            duplicate_of VARCHAR, duplicate_of_source VARCHAR, message VARCHAR
        );
        """,
    ),
    (
        "0004_failure_articles",
        """
        -- which article a failure is about (NULL for an unreadable input or a stage failing as a whole),
        -- and whether the article took no further part in the run
        ALTER TABLE failures ADD COLUMN article_id VARCHAR;
        ALTER TABLE failures ADD COLUMN fatal BOOLEAN;
        """,
    ),
    (
        "0005_story_tables",
        """
        -- dates as DATE beside the text they were read from; precision says how much of the date is known
        -- (day | month | year: a month is stored as its first day)
        ALTER TABLE articles ADD COLUMN published_date DATE;
        ALTER TABLE articles ADD COLUMN published_precision VARCHAR;
        ALTER TABLE quotes ADD COLUMN said_on DATE;
        ALTER TABLE quotes ADD COLUMN said_on_precision VARCHAR;
        -- runs whose story tables below were written (runs stored before this migration are filled in
        -- from stories.data when the store is next opened for writing)
        ALTER TABLE runs ADD COLUMN story_tables BOOLEAN DEFAULT false;
        -- what each story's comparison found, one typed table per finding (all offsets index the cleaned
        -- text of the article named beside them)
        CREATE TABLE claims (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, claim_id VARCHAR NOT NULL,
            text VARCHAR, origin VARCHAR, article_id VARCHAR,
            start_offset INTEGER, end_offset INTEGER, checkworthiness DOUBLE,
            PRIMARY KEY (run_id, story_id, claim_id)
        );
        CREATE TABLE agreement (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, claim_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL, outlet VARCHAR, published DATE,
            holder VARCHAR, holder_kind VARCHAR,   -- the article itself (holder_kind 'outlet') or a speaker in it
            label VARCHAR, certainty DOUBLE, probability DOUBLE,
            quote_ids VARCHAR[],
            sentence_start INTEGER, sentence_end INTEGER  -- the first sentence carrying the claim
        );
        CREATE TABLE reuse (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL,
            a_id VARCHAR, b_id VARCHAR, direction VARCHAR, source_id VARCHAR, copy_id VARCHAR,
            a_share DOUBLE, b_share DOUBLE,
            passage INTEGER, a_start INTEGER, a_end INTEGER, b_start INTEGER, b_end INTEGER,
            words INTEGER, a_text VARCHAR, b_text VARCHAR
        );
        CREATE TABLE variants (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, variant INTEGER NOT NULL, side VARCHAR NOT NULL,
            speaker VARCHAR, similarity DOUBLE, kinds VARCHAR[], context_differences VARCHAR[],
            context_agrees BOOLEAN,
            article_id VARCHAR, quote_ids VARCHAR[], text VARCHAR, start_offset INTEGER, end_offset INTEGER,
            said_when VARCHAR, said_on DATE, said_on_precision VARCHAR,
            said_where VARCHAR, addressee VARCHAR, cue VARCHAR
        );
        CREATE TABLE evidence (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, claim_id VARCHAR,
            support VARCHAR, independent_origins INTEGER,
            article_id VARCHAR, kind VARCHAR, text VARCHAR, start_offset INTEGER, end_offset INTEGER,
            supplier VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
            origin VARCHAR, copied_from VARCHAR
        );
        CREATE TABLE timeline (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, claim_id VARCHAR,
            holder VARCHAR, holder_kind VARCHAR, said_on DATE, said_on_precision VARCHAR,
            date_source VARCHAR, article_id VARCHAR, outlet VARCHAR, label VARCHAR, certainty DOUBLE
        );
        -- each article as report.json has it (sentences, quotes, stances, evidence), so one article can be
        -- read without parsing the whole run
        CREATE TABLE article_data (
            run_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, data VARCHAR NOT NULL,
            PRIMARY KEY (run_id, article_id)
        );
        CREATE TABLE exclusives (
            run_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL, kind VARCHAR,  -- speaker | quote | fact
            article_id VARCHAR, outlet VARCHAR, speaker VARCHAR, quote_ids VARCHAR[], text VARCHAR,
            start_offset INTEGER, end_offset INTEGER
        );
        """,
    ),
    (
        "0006_article_cache",
        """
        -- what the per-article stages found for an article under given settings (newstrace.pipeline.cache_key),
        -- as plain JSON (newstrace.codec), so a killed or extended run computes only what is missing
        CREATE TABLE article_cache (key VARCHAR PRIMARY KEY, data VARCHAR NOT NULL, created TIMESTAMP DEFAULT now());
        """,
    ),
    (
        "0007_report_in_parts",
        """
        -- A run's report.json is no longer kept whole beside its rows (a second copy, held in memory whole
        -- while it was written): runs.report holds the report without its article and story lists, which are
        -- the rows of article_data and stories in the order of their position. Runs stored before keep their
        -- whole report (report_parts false). The HTML report is kept zlib-compressed in html_gz.
        ALTER TABLE runs ADD COLUMN report_parts BOOLEAN DEFAULT false;
        ALTER TABLE runs ADD COLUMN html_gz BLOB;
        ALTER TABLE article_data ADD COLUMN position INTEGER;
        ALTER TABLE stories ADD COLUMN position INTEGER;
        """,
    ),
]
