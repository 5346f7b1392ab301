-- Each KR the district is evaluated on, with the key projects that serve it and their money:
-- this year's budget and the total over every year in budgets.
CREATE OR REPLACE VIEW kr_projects AS
WITH all_years AS (
    SELECT doc_id, seq, sum(amount_baht)::BIGINT AS all_years_baht,
           list(budget_year ORDER BY budget_year) AS budget_years
    FROM budgets WHERE section = 'key' GROUP BY ALL
)
SELECT k.doc_id, k.district, k.fiscal_year, k.kr_code, k.kr_name, k.component, k.responsibility,
       k.target_text, k.target_value, k.target_unit,
       p.seq AS project_seq, p.project_name, p.budget_baht, p.budget_note, p.divisions,
       y.all_years_baht, y.budget_years
FROM krs k
LEFT JOIN key_projects p ON p.doc_id = k.doc_id AND p.kr_code = k.kr_code
LEFT JOIN all_years y ON y.doc_id = p.doc_id AND y.seq = p.seq;
