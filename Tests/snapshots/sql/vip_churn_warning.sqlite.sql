-- count vip
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("aum" >= ?1);
-- parameters: 1 = 500000

-- count vip_at_risk
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8)));
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4

-- count vip_at_risk by city
SELECT "city" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT "channel_pref" AS "c1", SUM(CASE WHEN (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8))) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ("aum" >= ?9) THEN 1 ELSE 0 END) AS "c3"
FROM "customers"
WHERE ((("aum" >= ?10) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?3)) * ?12)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?13 AND "seg_r"."event_time" < ?14) AND ("seg_r"."event_type" = ?15)) >= ?16))) OR ("aum" >= ?9))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4, 9 = 500000, 10 = 500000, 11 = DATE '0001-01-01', 12 = 0.7, 13 = DATE '2026-10-03', 14 = DATE '2026-11-02', 15 = 'login', 16 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT "risk_level" AS "c1", SUM(CASE WHEN (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8))) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ("aum" >= ?9) THEN 1 ELSE 0 END) AS "c3"
FROM "customers"
WHERE ((("aum" >= ?10) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?3)) * ?12)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?13 AND "seg_r"."event_time" < ?14) AND ("seg_r"."event_type" = ?15)) >= ?16))) OR ("aum" >= ?9))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4, 9 = 500000, 10 = 500000, 11 = DATE '0001-01-01', 12 = 0.7, 13 = DATE '2026-10-03', 14 = DATE '2026-11-02', 15 = 'login', 16 = 4

-- overlap vip_at_risk, mobile_active, declining
SELECT SUM(CASE WHEN (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8))) THEN 1 ELSE 0 END) AS "c1", SUM(CASE WHEN ((("aum" >= ?9) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?10 AND "seg_r"."opened_date" <= ?3)) * ?11)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?12 AND "seg_r"."event_time" < ?13) AND ("seg_r"."event_type" = ?14)) >= ?15))) AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?16 AND "seg_r"."event_time" < ?17) AND ("seg_r"."event_type" = ?18)) >= ?19)) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN ((("aum" >= ?20) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?21 AND "seg_r"."opened_date" <= ?3)) * ?22)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?23 AND "seg_r"."event_time" < ?24) AND ("seg_r"."event_type" = ?25)) >= ?26))) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?27 AND "seg_r"."opened_date" <= ?3)) * ?28))) THEN 1 ELSE 0 END) AS "c3", SUM(CASE WHEN ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?29 AND "seg_r"."event_time" < ?30) AND ("seg_r"."event_type" = ?31)) >= ?32) THEN 1 ELSE 0 END) AS "c4", SUM(CASE WHEN (((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?33 AND "seg_r"."event_time" < ?34) AND ("seg_r"."event_type" = ?35)) >= ?36) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?37 AND "seg_r"."opened_date" <= ?3)) * ?38))) THEN 1 ELSE 0 END) AS "c5", SUM(CASE WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?39 AND "seg_r"."opened_date" <= ?3)) * ?40)) THEN 1 ELSE 0 END) AS "c6"
FROM "customers";
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4, 9 = 500000, 10 = DATE '0001-01-01', 11 = 0.7, 12 = DATE '2026-10-03', 13 = DATE '2026-11-02', 14 = 'login', 15 = 4, 16 = DATE '2026-10-03', 17 = DATE '2026-11-02', 18 = 'login', 19 = 4, 20 = 500000, 21 = DATE '0001-01-01', 22 = 0.7, 23 = DATE '2026-10-03', 24 = DATE '2026-11-02', 25 = 'login', 26 = 4, 27 = DATE '0001-01-01', 28 = 0.7, 29 = DATE '2026-10-03', 30 = DATE '2026-11-02', 31 = 'login', 32 = 4, 33 = DATE '2026-10-03', 34 = DATE '2026-11-02', 35 = 'login', 36 = 4, 37 = DATE '0001-01-01', 38 = 0.7, 39 = DATE '0001-01-01', 40 = 0.7

-- show vip_at_risk with customer_id, city, aum, aum_3m_ago, withdrawn_90d order by aum desc limit 10
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?9 AND "seg_r"."opened_date" <= ?3)) AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?10 AND "seg_r"."txn_date" <= ?3) AND ("seg_r"."type" = ?11)) AS "c5"
FROM "customers"
WHERE (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4, 9 = DATE '0001-01-01', 10 = DATE '2026-08-03', 11 = 'withdrawal'

-- assert count vip_at_risk between 1 and 2000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8)));
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4

-- export vip_at_risk to list with customer_id, name, phone, aum, withdrawn_90d
SELECT "customer_id" AS "c1", "name" AS "c2", "phone" AS "c3", "aum" AS "c4", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?3) AND ("seg_r"."type" = ?10)) AS "c5"
FROM "customers"
WHERE (("aum" >= ?1) AND ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?2 AND "seg_r"."opened_date" <= ?3)) * ?4)) AND (NOT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?5 AND "seg_r"."event_time" < ?6) AND ("seg_r"."event_type" = ?7)) >= ?8)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = DATE '0001-01-01', 3 = DATE '2026-11-01', 4 = 0.7, 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'login', 8 = 4, 9 = DATE '2026-08-03', 10 = 'withdrawal'

