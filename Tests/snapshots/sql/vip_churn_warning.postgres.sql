-- count vip
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("aum" >= $1::float8);
-- parameters: 1 = 500000

-- count vip_at_risk
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS DOUBLE PRECISION) * $2::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $3::date AND "seg_r"."event_time" < $4::date) AND ("seg_r"."event_type" = $5::text)) >= $6::float8)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- count vip_at_risk by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS DOUBLE PRECISION) * $2::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $3::date AND "seg_r"."event_time" < $4::date) AND ("seg_r"."event_type" = $5::text)) >= $6::float8)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- show vip_at_risk with customer_id, city, aum, aum_3m_ago, withdrawn_90d order by aum desc limit 10
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $8::date) AND ("seg_r"."type" = $9::text)) AS "c5"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS DOUBLE PRECISION) * $2::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $3::date AND "seg_r"."event_time" < $4::date) AND ("seg_r"."event_type" = $5::text)) >= $6::float8)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = DATE '2026-08-03', 8 = DATE '2026-11-01', 9 = 'withdrawal'

-- assert count vip_at_risk between 1 and 2000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS DOUBLE PRECISION) * $2::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $3::date AND "seg_r"."event_time" < $4::date) AND ("seg_r"."event_type" = $5::text)) >= $6::float8)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- export vip_at_risk to list with customer_id, name, phone, aum, withdrawn_90d
SELECT "customer_id" AS "c1", "name" AS "c2", "phone" AS "c3", "aum" AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $8::date) AND ("seg_r"."type" = $9::text)) AS "c5"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id") AS DOUBLE PRECISION) * $2::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $3::date AND "seg_r"."event_time" < $4::date) AND ("seg_r"."event_type" = $5::text)) >= $6::float8)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = DATE '2026-08-03', 8 = DATE '2026-11-01', 9 = 'withdrawal'

