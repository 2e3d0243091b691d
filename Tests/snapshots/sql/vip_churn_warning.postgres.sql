-- count vip
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("aum" >= $1::float8);
-- parameters: 1 = 500000

-- count vip_at_risk
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8)));
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4

-- count vip_at_risk by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT "channel_pref" COLLATE "C" AS "c1", SUM(CASE WHEN (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8))) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ("aum" >= $8::float8) THEN 1 ELSE 0 END) AS "c3"
FROM "customers"
WHERE ((("aum" >= $9::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $10::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $11::date AND "seg_r"."event_time" < $12::date) AND ("seg_r"."event_type" = $13::text)) >= $14::float8))) OR ("aum" >= $8::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4, 8 = 500000, 9 = 500000, 10 = 0.7, 11 = DATE '2026-10-03', 12 = DATE '2026-11-02', 13 = 'login', 14 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT "risk_level" COLLATE "C" AS "c1", SUM(CASE WHEN (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8))) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ("aum" >= $8::float8) THEN 1 ELSE 0 END) AS "c3"
FROM "customers"
WHERE ((("aum" >= $9::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $10::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $11::date AND "seg_r"."event_time" < $12::date) AND ("seg_r"."event_type" = $13::text)) >= $14::float8))) OR ("aum" >= $8::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4, 8 = 500000, 9 = 500000, 10 = 0.7, 11 = DATE '2026-10-03', 12 = DATE '2026-11-02', 13 = 'login', 14 = 4

-- overlap vip_at_risk, mobile_active, declining
SELECT SUM(CASE WHEN (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8))) THEN 1 ELSE 0 END) AS "c1", SUM(CASE WHEN ((("aum" >= $8::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $9::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $10::date AND "seg_r"."event_time" < $11::date) AND ("seg_r"."event_type" = $12::text)) >= $13::float8))) AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $14::date AND "seg_r"."event_time" < $15::date) AND ("seg_r"."event_type" = $16::text)) >= $17::float8)) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ((("aum" >= $18::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $19::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $20::date AND "seg_r"."event_time" < $21::date) AND ("seg_r"."event_type" = $22::text)) >= $23::float8))) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $24::float8))) THEN 1 ELSE 0 END) AS "c3", SUM(CASE WHEN ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $25::date AND "seg_r"."event_time" < $26::date) AND ("seg_r"."event_type" = $27::text)) >= $28::float8) THEN 1 ELSE 0 END) AS "c4", SUM(CASE WHEN (((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $29::date AND "seg_r"."event_time" < $30::date) AND ("seg_r"."event_type" = $31::text)) >= $32::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $33::float8))) THEN 1 ELSE 0 END) AS "c5", SUM(CASE WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $34::float8)) THEN 1 ELSE 0 END) AS "c6"
FROM "customers";
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4, 8 = 500000, 9 = 0.7, 10 = DATE '2026-10-03', 11 = DATE '2026-11-02', 12 = 'login', 13 = 4, 14 = DATE '2026-10-03', 15 = DATE '2026-11-02', 16 = 'login', 17 = 4, 18 = 500000, 19 = 0.7, 20 = DATE '2026-10-03', 21 = DATE '2026-11-02', 22 = 'login', 23 = 4, 24 = 0.7, 25 = DATE '2026-10-03', 26 = DATE '2026-11-02', 27 = 'login', 28 = 4, 29 = DATE '2026-10-03', 30 = DATE '2026-11-02', 31 = 'login', 32 = 4, 33 = 0.7, 34 = 0.7

-- show vip_at_risk with customer_id, city, aum, aum_3m_ago, withdrawn_90d order by aum desc limit 10
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $9::text)) AS "c5"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4, 8 = DATE '2026-08-03', 9 = 'withdrawal'

-- assert count vip_at_risk between 1 and 2000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8)));
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4

-- export vip_at_risk to list with customer_id, name, phone, aum, withdrawn_90d
SELECT "customer_id" AS "c1", "name" AS "c2", "phone" AS "c3", "aum" AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $9::text)) AS "c5"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date)) AS DOUBLE PRECISION) * $3::float8)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $4::date AND "seg_r"."event_time" < $5::date) AND ("seg_r"."event_type" = $6::text)) >= $7::float8)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '2026-11-01', 3 = 0.7, 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'login', 7 = 4, 8 = DATE '2026-08-03', 9 = 'withdrawal'

