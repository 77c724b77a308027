-- The stable SQL interface (CONTRACT §3). Recreated at the end of every build; columns may be
-- added, never renamed or removed without a migration note in the README.

CREATE OR REPLACE VIEW statements_v AS
SELECT
    s.statement_id,
    s.kind,
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
    coalesce(t.topics, []::TEXT[])              AS topics,
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
    s.run_id
FROM statements s
JOIN articles a USING (article_id)
LEFT JOIN statement_speakers ss USING (statement_id)
LEFT JOIN speakers sp ON sp.speaker_id = ss.speaker_id
LEFT JOIN (
    SELECT statement_id, list(topic ORDER BY score DESC, topic) AS topics
    FROM statement_topics GROUP BY statement_id
) t USING (statement_id);

CREATE OR REPLACE VIEW speakers_v AS
WITH said AS (
    SELECT ss.speaker_id,
           count(*)                                         AS statements,
           min(a.published)                                 AS first_seen,
           max(a.published)                                 AS last_seen,
           list(DISTINCT s.speaker_role) FILTER (WHERE s.speaker_role IS NOT NULL) AS roles
    FROM statement_speakers ss
    JOIN statements s USING (statement_id)
    JOIN articles a USING (article_id)
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
    sp.country
FROM speakers sp
LEFT JOIN said USING (speaker_id);

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
LEFT JOIN (SELECT article_id, count(*) AS statements FROM statements GROUP BY article_id) n
    USING (article_id);
