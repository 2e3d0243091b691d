-- campaign q4_vip_retention   priority 10   target vip_at_risk   exclude do_not_disturb   exclude contacted via phone within 14 days   cap 2 contacts per 30 days   holdout 10% seed "q4-2026"   rank by aum_3m_ago - aum desc   limit 3 per branch_id   limit 60   channel phone   export to list with customer_id, name, phone, aum, group, rank
SELECT "customer_id" AS "c1", $8::boolean AS "c2", "do_not_disturb" AS "c3", EXISTS (SELECT 1 FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > $9::date AND "seg_r"."contact_date" <= $2::date) AND ("seg_r"."channel" = $10::text)) AS "c4", (SELECT COUNT(*) FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > $11::date AND "seg_r"."contact_date" <= $2::date)) AS "c5", (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) - "aum") AS "c6", "branch_id" AS "c7", "name" AS "c8", "phone" AS "c9", "aum" AS "c10"
FROM "customers"
WHERE (("aum" >= $1::float8) AND (("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) OR ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) = $7::float8)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.8, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 0, 8 = TRUE, 9 = DATE '2026-10-18', 10 = 'phone', 11 = DATE '2026-10-02'

-- explain q4_vip_retention for customer 10338
SELECT "customer_id" AS "c1", (("aum" >= $6::float8) AND (("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $3::date)) AS DOUBLE PRECISION) * $7::float8)) OR ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $8::date AND "seg_r"."event_time" < $9::date) AND ("seg_r"."event_type" = $10::text)) = $11::float8))) AS "c2", "do_not_disturb" AS "c3", EXISTS (SELECT 1 FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > $2::date AND "seg_r"."contact_date" <= $3::date) AND ("seg_r"."channel" = $4::text)) AS "c4", (SELECT COUNT(*) FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" > $5::date AND "seg_r"."contact_date" <= $3::date)) AS "c5", (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $3::date)) AS DOUBLE PRECISION) - "aum") AS "c6", "branch_id" AS "c7", "name" AS "c8", "phone" AS "c9", "aum" AS "c10"
FROM "customers"
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = TRUE, 2 = DATE '2026-10-18', 3 = DATE '2026-11-01', 4 = 'phone', 5 = DATE '2026-10-02', 6 = 500000, 7 = 0.8, 8 = DATE '2026-10-03', 9 = DATE '2026-11-02', 10 = 'login', 11 = 0

-- count in list q4_vip_retention by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (CAST("customer_id" AS TEXT) IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = $1::text AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = $2::text)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'q4_vip_retention', 2 = 'q4_vip_retention'

