-- Key projects with no amount of their own, and the note the plan gives instead
-- (ไม่ใช้งบประมาณ, ตามที่ได้รับจัดสรร, …).
CREATE OR REPLACE VIEW key_projects_without_money AS
SELECT doc_id, district, fiscal_year, page, seq, project_name, budget_note, kr_code, divisions
FROM key_projects
WHERE budget_baht IS NULL;
