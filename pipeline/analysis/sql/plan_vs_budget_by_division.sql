-- requires: budget_programs
-- Where a district has both its action plan and its budget book for a year: per division, the
-- plan's projects and money beside the budget book's programmes and money.
CREATE OR REPLACE VIEW plan_vs_budget_by_division AS
WITH plan AS (
    SELECT district, fiscal_year, division,
           sum(key_projects + routine_projects) AS plan_projects, sum(total_baht) AS plan_baht
    FROM money_by_division GROUP BY ALL
), book AS (
    SELECT b.district, b.fiscal_year, coalesce(d.name, b.division) AS division,
           count(*) AS budget_programmes, sum(b.total_baht)::BIGINT AS budget_book_baht
    FROM budget_programs b LEFT JOIN division_names d ON d.variant = b.division
    GROUP BY ALL
), both_documents AS (
    SELECT DISTINCT district, fiscal_year FROM plan
    INTERSECT
    SELECT DISTINCT district, fiscal_year FROM book
)
SELECT district, fiscal_year, division,
       coalesce(plan_projects, 0) AS plan_projects, coalesce(plan_baht, 0) AS plan_baht,
       coalesce(budget_programmes, 0) AS budget_programmes, coalesce(budget_book_baht, 0) AS budget_book_baht
FROM plan FULL OUTER JOIN book USING (district, fiscal_year, division)
SEMI JOIN both_documents USING (district, fiscal_year);
