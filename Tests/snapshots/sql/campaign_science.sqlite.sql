-- evaluate campaign q3_deposit_drive   response = any(transactions where type = "deposit" and amount >= 1万 within 30 days after contact)   by decile(engagement_score)
SELECT "customer_id" AS "c1", EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?1 AND "seg_r"."txn_date" < ?2) AND ("seg_r"."txn_date" >= ?3 AND "seg_r"."txn_date" <= ?4) AND (("seg_r"."type" = ?5) AND ("seg_r"."amount" >= ?6))) AS "c2"
FROM "customers"
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '2026-12-01', 3 = DATE '0001-01-01', 4 = DATE '2026-11-01', 5 = 'deposit', 6 = 10000

-- evaluate campaign q3_deposit_drive   on sum(transactions.amount where type = "deposit" within 30 days after contact)   adjusted by sum(transactions.amount where type = "deposit" within 90 days before contact)
SELECT "customer_id" AS "c1", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?1 AND "seg_r"."txn_date" < ?2) AND ("seg_r"."txn_date" >= ?3 AND "seg_r"."txn_date" <= ?4) AND ("seg_r"."type" = ?5)) AS "c2", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?6 AND "seg_r"."txn_date" < ?7) AND ("seg_r"."txn_date" >= ?8 AND "seg_r"."txn_date" <= ?4) AND ("seg_r"."type" = ?9)) AS "c3"
FROM "customers"
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '2026-12-01', 3 = DATE '0001-01-01', 4 = DATE '2026-11-01', 5 = 'deposit', 6 = DATE '2026-08-03', 7 = DATE '2026-11-01', 8 = DATE '0001-01-01', 9 = 'deposit'

-- plan campaign q4_deposit_engaged   response = any(transactions where type = "deposit" and amount >= 1万 within 30 days after contact)   uplift 8%
SELECT "customer_id" AS "c1", EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?6 AND "seg_r"."txn_date" < ?7) AND ("seg_r"."txn_date" >= ?8 AND "seg_r"."txn_date" <= ?9) AND (("seg_r"."type" = ?10) AND ("seg_r"."amount" >= ?11))) AS "c2"
FROM "customers"
WHERE (("aum" >= ?1) AND "mobile_banking" AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= ?2 AND "seg_r"."event_time" < ?3) AND ("seg_r"."event_type" = ?4)) >= ?5))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 50000, 2 = DATE '2026-10-03', 3 = DATE '2026-11-02', 4 = 'login', 5 = 2, 6 = DATE '2026-11-01', 7 = DATE '2026-12-01', 8 = DATE '0001-01-01', 9 = DATE '2026-11-01', 10 = 'deposit', 11 = 10000

