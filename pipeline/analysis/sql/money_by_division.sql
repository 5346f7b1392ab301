-- This year's money per division (ฝ่าย), names made canonical with the reference list
-- (ฝ่ายรักษาความสะอาดฯ -> ฝ่ายรักษาความสะอาดและสวนสาธารณะ). A key project shared by several
-- divisions is split equally between them, so a document's divisions add up to its lists' totals.
CREATE OR REPLACE VIEW money_by_division AS
WITH key_shares AS (
    SELECT doc_id, district, fiscal_year, seq,
           unnest(CASE WHEN len(divisions) > 0 THEN divisions ELSE [NULL] END) AS division,
           budget_baht / greatest(len(divisions), 1) AS share
    FROM key_projects
), rows AS (
    SELECT doc_id, district, fiscal_year, division, 'key' AS list, share FROM key_shares
    UNION ALL
    SELECT doc_id, district, fiscal_year, division, 'routine', budget_baht FROM routine_projects
)
SELECT doc_id, district, fiscal_year, coalesce(d.name, r.division) AS division,
       count(*) FILTER (WHERE list = 'key') AS key_projects,
       round(coalesce(sum(share) FILTER (WHERE list = 'key'), 0), 2) AS key_budget_baht,
       count(*) FILTER (WHERE list = 'routine') AS routine_projects,
       coalesce(sum(share) FILTER (WHERE list = 'routine'), 0)::BIGINT AS routine_budget_baht,
       round(coalesce(sum(share), 0), 2) AS total_baht
FROM rows r LEFT JOIN division_names d ON d.variant = r.division
GROUP BY ALL;
