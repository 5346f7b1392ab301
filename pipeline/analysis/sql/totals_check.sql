-- Every total the document prints beside the sum of the rows it totals: what can be trusted.
CREATE OR REPLACE VIEW totals_check AS
SELECT doc_id, district, fiscal_year, section AS total_of, 'baht' AS measure,
       stated_total_baht::DOUBLE AS stated, computed_total_baht::DOUBLE AS computed,
       stated_total_baht IS NOT DISTINCT FROM computed_total_baht AS reconciled
FROM stated_totals
UNION ALL
SELECT doc_id, district, fiscal_year, section, 'count', stated_count, computed_count,
       stated_count IS NOT DISTINCT FROM computed_count
FROM stated_totals WHERE stated_count IS NOT NULL
UNION ALL
SELECT doc_id, district, fiscal_year, "table" || '.' || "column", 'value', stated_value, computed_value,
       abs(stated_value - computed_value) < 1e-6
FROM profile_totals;
