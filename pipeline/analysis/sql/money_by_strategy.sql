-- Money of the key projects per strategy, and the routine projects (which serve no strategy) as a
-- line of their own: a document's lines add up to the totals it states (stated_totals).
-- A project's strategy is its KR's: the strategy under which the OKR tables print the KR's name,
-- else the KR code's first digit (BMA KR codes are strategy, issue, Super OKR, KR number).
CREATE OR REPLACE VIEW money_by_strategy AS
WITH strategy_names AS (
    SELECT doc_id, strategy_no, min(strategy_name) AS strategy_name
    FROM okr_rows WHERE strategy_no IS NOT NULL GROUP BY ALL
), kr_strategy AS (
    SELECT k.doc_id, k.kr_code, min(o.strategy_no) AS strategy_no
    FROM krs k JOIN okr_rows o ON o.doc_id = k.doc_id AND o.kr_name = k.kr_name
    GROUP BY ALL
), key_money AS (
    SELECT p.doc_id, p.district, p.fiscal_year, p.budget_baht,
           coalesce(ks.strategy_no, try_cast(left(p.kr_code, 1) AS SMALLINT)) AS strategy_no
    FROM key_projects p LEFT JOIN kr_strategy ks USING (doc_id, kr_code)
)
SELECT doc_id, district, fiscal_year, 'key_projects' AS list, strategy_no, n.strategy_name,
       count(*) AS projects, count(budget_baht) AS projects_with_money,
       coalesce(sum(budget_baht), 0)::BIGINT AS budget_baht
FROM key_money LEFT JOIN strategy_names n USING (doc_id, strategy_no)
GROUP BY ALL
UNION ALL
SELECT doc_id, district, fiscal_year, 'routine_projects', NULL, 'งานประจำพื้นฐาน',
       count(*), count(budget_baht), coalesce(sum(budget_baht), 0)::BIGINT
FROM routine_projects
GROUP BY ALL;
