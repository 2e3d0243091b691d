-- campaign q4_vip_retention   priority 10   target vip_at_risk   exclude do_not_disturb   exclude contacted via phone within 14 days   cap 2 contacts per 30 days   holdout 10% seed "q4-2026"   rank by aum_3m_ago - aum desc   limit 3 per branch_id   limit 60   channel phone   export to list with customer_id, name, phone, aum, group, rank
SELECT "customer_id" AS "c1", ?9 AS "c2", "do_not_disturb" AS "c3", EXISTS (SELECT 1 FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > ?10 AND "seg_r"."contact_date" <= ?3) AND ("seg_r"."channel" = ?11)) AS "c4", (SELECT COUNT(*) FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > ?12 AND "seg_r"."contact_date" <= ?3)) AS "c5", ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?13 AND "seg_r"."opened_date" <= ?3)) - "aum") AS "c6", "branch_id" AS "c7", "name" AS "c8", "phone" AS "c9", "aum" AS "c10"
FROM "customers"
WHERE (("aum" >= ?1) AND (("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) OR ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) = ?8)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.8, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 0, 9 = TRUE, 10 = DATE '2026-10-18', 11 = 'phone', 12 = DATE '2026-10-02', 13 = DATE '0001-01-01'

-- explain q4_vip_retention for customer 10338
SELECT "customer_id" AS "c1", (("aum" >= ?7) AND (("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?8 AND "seg_r"."opened_date" <= ?3)) * ?9)) OR ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?10 AND "seg_r"."event_time" < ?11) AND ("seg_r"."event_type" = ?12)) = ?13))) AS "c2", "do_not_disturb" AS "c3", EXISTS (SELECT 1 FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > ?2 AND "seg_r"."contact_date" <= ?3) AND ("seg_r"."channel" = ?4)) AS "c4", (SELECT COUNT(*) FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > ?5 AND "seg_r"."contact_date" <= ?3)) AS "c5", ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?6 AND "seg_r"."opened_date" <= ?3)) - "aum") AS "c6", "branch_id" AS "c7", "name" AS "c8", "phone" AS "c9", "aum" AS "c10"
FROM "customers"
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = TRUE, 2 = DATE '2026-10-18', 3 = DATE '2026-11-01', 4 = 'phone', 5 = DATE '2026-10-02', 6 = DATE '0001-01-01', 7 = 500000, 8 = DATE '0001-01-01', 9 = 0.8, 10 = DATE '2026-10-03', 11 = DATE '2026-11-02', 12 = 'login', 13 = 0

-- count in list q4_vip_retention by city
SELECT "city" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ("customer_id" IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = ?1 AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = ?2)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'q4_vip_retention', 2 = 'q4_vip_retention'

