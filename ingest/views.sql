-- The stable SQL interface (CONTRACT §3). Recreated at the end of every build; columns may be
-- added, never renamed or removed without a migration note in the README.
-- statements_v is defined here by its joins; the views pass then materialises it into the
-- table statements_wide and redefines statements_v over that table (ingest/build.py), so
-- queries over a million statements need not repeat the joins.

CREATE OR REPLACE VIEW statements_v AS
SELECT
    s.statement_id,
    coalesce(sc.kind, s.kind)                   AS kind,
    s.text,
    coalesce(sp.name, s.speaker_name)           AS speaker,
    ss.speaker_id,
    s.speaker_role,
    s.cue,
    s.confidence,
    s.article_id,
    a.outlet,
    a.url,
    a.title,
    a.published,
    s.language,
    s."start",
    s."end",
    coalesce(l.topics, []::TEXT[])              AS topics,
    s.quote,
    s.spans,
    s.speaker_mention,
    s.speaker_start,
    s.speaker_end,
    s.speaker_name                              AS speaker_in_article,
    sp.kind                                     AS speaker_kind,
    s.cue_start,
    s.cue_end,
    s.extractor,
    s.run_id,
    s.said_on,
    s.said_on_end,
    s.said_on_estimated,
    s.said_on_text,
    s.occasion,
    cl.cluster_id,
    coalesce(l.key_terms, []::TEXT[])           AS key_terms,
    CAST(coalesce(s.said_on, a.published) AS DATE) AS date  -- said_on where known, else published
FROM statements s
JOIN articles a USING (article_id)
LEFT JOIN statement_speakers ss USING (statement_id)
LEFT JOIN speakers sp ON sp.speaker_id = ss.speaker_id
LEFT JOIN statement_lists l USING (statement_id)  -- topics and key terms, built by the topics pass
LEFT JOIN statement_clusters cl USING (statement_id)
LEFT JOIN statement_corrections sc USING (statement_id)
WHERE sc.not_statement IS NOT TRUE;             -- corrected away: see not_statements_v

CREATE OR REPLACE VIEW speakers_v AS
WITH said AS (
    SELECT ss.speaker_id,
           count(*)                                         AS statements,
           min(a.published)                                 AS first_seen,
           max(a.published)                                 AS last_seen,
           list(DISTINCT ss.role ORDER BY ss.role) FILTER (WHERE ss.role IS NOT NULL) AS roles
    FROM statement_speakers ss
    JOIN statements s USING (statement_id)
    JOIN articles a USING (article_id)
    LEFT JOIN statement_corrections sc USING (statement_id)
    WHERE sc.not_statement IS NOT TRUE
    GROUP BY ss.speaker_id
)
SELECT
    sp.speaker_id,
    sp.name,
    coalesce((SELECT list(al.alias ORDER BY al.alias) FROM speaker_aliases al
              WHERE al.speaker_id = sp.speaker_id), []::TEXT[]) AS aliases,
    coalesce(said.roles, []::TEXT[])            AS roles,
    said.first_seen,
    said.last_seen,
    coalesce(said.statements, 0)                AS statements,
    sp.kind,
    sp.qid,
    sp.party,
    sp.country,
    sp.notes,
    sp.source
FROM speakers sp
LEFT JOIN said USING (speaker_id);

-- A speaker's roles over time: each role as written, when it was first and last seen.
CREATE OR REPLACE VIEW speaker_roles_v AS
SELECT
    ss.speaker_id,
    ss.role,
    min(a.published)                            AS first_seen,
    max(a.published)                            AS last_seen,
    count(*)                                    AS statements
FROM statement_speakers ss
JOIN statements s USING (statement_id)
JOIN articles a USING (article_id)
LEFT JOIN statement_corrections sc USING (statement_id)
WHERE ss.role IS NOT NULL AND sc.not_statement IS NOT TRUE
GROUP BY ss.speaker_id, ss.role;

-- Statements a correction marked as no statement (left out of statements_v), and why; site
-- text repeated under many articles of one outlet (ingest/boilerplate.py) is listed too.
CREATE OR REPLACE VIEW not_statements_v AS
SELECT
    s.statement_id,
    s.kind,
    s.text,
    s.speaker_name                              AS speaker_in_article,
    s.article_id,
    c.correction_id,
    coalesce(c.who, CASE WHEN list_contains(sc.corrections, 'boilerplate') THEN 'quotetrack' END)
                                                AS who,
    c."when",
    coalesce(c.why, CASE WHEN list_contains(sc.corrections, 'boilerplate')
                         THEN 'repeated site text: the same words without a speaker in many '
                              || 'articles of one outlet' END)
                                                AS why
FROM statement_corrections sc
JOIN statements s USING (statement_id)
LEFT JOIN corrections c
    ON c.statement_id = sc.statement_id AND c.action = 'not_statement' AND c.status = 'applied'
WHERE sc.not_statement;

CREATE OR REPLACE VIEW articles_v AS
SELECT
    a.article_id,
    a.outlet,
    a.url,
    a.title,
    a.published,
    a.language,
    coalesce(n.statements, 0)                   AS statements,
    a.published_tz,
    a.source,
    a.item,
    length(a.text)                              AS chars,
    a.content_hash,
    a.run_id
FROM articles a
LEFT JOIN (
    SELECT article_id, count(*) AS statements FROM statements
    LEFT JOIN statement_corrections sc USING (statement_id)
    WHERE sc.not_statement IS NOT TRUE GROUP BY article_id
) n USING (article_id);

-- One record per repeated quote (ingest/clusters.py): where and when the same words appeared.
CREATE OR REPLACE VIEW statement_clusters_v AS
WITH members AS (
    SELECT cl.cluster_id, s.statement_id, s.article_id, a.outlet, a.published, a.url, s.said_on
    FROM statement_clusters cl
    JOIN statements s USING (statement_id)
    JOIN articles a USING (article_id)
    LEFT JOIN statement_corrections sc USING (statement_id)
    WHERE sc.not_statement IS NOT TRUE             -- repeated site text: see not_statements_v
),
spread AS (
    SELECT cluster_id,
           count(DISTINCT article_id)                   AS articles,
           count(DISTINCT outlet)                       AS outlets,
           count(*)                                     AS statements,
           max(published)                               AS last_seen,
           min(said_on)                                 AS first_said_on,
           list({'statement_id': statement_id, 'article_id': article_id, 'outlet': outlet,
                 'published': published, 'url': url}
                ORDER BY published NULLS LAST, statement_id) AS appearances
    FROM members
    GROUP BY cluster_id
)
SELECT
    c.cluster_id,
    canon.quote                                 AS text,
    coalesce(sp.name, first_s.speaker_name)     AS speaker,
    c.speaker_id,
    first_a.published                           AS first_seen,
    first_a.outlet                              AS first_outlet,
    first_a.article_id                          AS first_article_id,
    first_a.url                                 AS first_url,
    spread.last_seen,
    spread.articles,
    spread.outlets,
    spread.statements,
    spread.first_said_on,
    spread.appearances,
    c.canonical_statement_id
FROM clusters c
JOIN spread USING (cluster_id)
JOIN statements canon ON canon.statement_id = c.canonical_statement_id
JOIN statements first_s ON first_s.statement_id = c.cluster_id
JOIN articles first_a ON first_a.article_id = first_s.article_id
LEFT JOIN speakers sp ON sp.speaker_id = c.speaker_id;

-- The taxonomy as applied, with how many statements carry each topic (ingest/topics.py).
CREATE OR REPLACE VIEW topics_v AS
SELECT
    t.topic,
    t.label_de,
    t.label_en,
    t.parent,
    coalesce(n.statements, 0)                   AS statements
FROM topics t
LEFT JOIN (SELECT topic, count(*) AS statements FROM statement_topics GROUP BY topic) n
    USING (topic);
