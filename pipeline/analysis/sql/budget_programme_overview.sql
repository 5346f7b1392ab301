-- requires: budget_programs, budget_kpis
-- Budget books: each programme (งาน) with its money and its indicators for the book's year.
CREATE OR REPLACE VIEW budget_programme_overview AS
WITH indicators AS (
    SELECT doc_id, program_code,
           count(DISTINCT indicator) AS indicators,
           string_agg(indicator || ': ' || coalesce(value_text, '—') || coalesce(' ' || unit, ''), '; '
                      ORDER BY indicator) FILTER (WHERE year = fiscal_year) AS this_year_targets
    FROM budget_kpis GROUP BY ALL
)
SELECT p.doc_id, p.district, p.fiscal_year, p.division, p.program_code, p.program_name,
       p.budget_baht, p.off_budget_baht, p.total_baht,
       coalesce(i.indicators, 0) AS indicators, i.this_year_targets
FROM budget_programs p LEFT JOIN indicators i USING (doc_id, program_code);
