-- Money per fiscal year of spending (budgets: a multi-year project gives one row per year), per list.
CREATE OR REPLACE VIEW money_by_year AS
SELECT doc_id, district, fiscal_year, section, budget_year,
       count(*) AS projects, sum(amount_baht)::BIGINT AS amount_baht
FROM budgets
GROUP BY ALL;
