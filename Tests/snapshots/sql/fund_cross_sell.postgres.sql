-- count payroll
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $3::text));
-- parameters: 1 = DATE '2026-09-02', 2 = DATE '2026-11-01', 3 = 'payroll'

-- count payroll_idle
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $3::text)) AND ((SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $2::date) AND ("seg_r"."product_type" = $4::text)) >= $5::float8));
-- parameters: 1 = DATE '2026-09-02', 2 = DATE '2026-11-01', 3 = 'payroll', 4 = 'deposit', 5 = 100000

-- count cross_sell by risk_level
SELECT "risk_level" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("risk_level" IN ($1::text, $2::text, $3::text)) AND EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $6::text)) AND ((SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $5::date) AND ("seg_r"."product_type" = $7::text)) >= $8::float8) AND (NOT EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $9::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $10::text))))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = DATE '2026-09-02', 5 = DATE '2026-11-01', 6 = 'payroll', 7 = 'deposit', 8 = 100000, 9 = DATE '2026-08-03', 10 = 'fund_purchase'

-- explain cross_sell
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("risk_level" IN ($1::text, $2::text, $3::text)) AND EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $6::text)) AND ((SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $5::date) AND ("seg_r"."product_type" = $7::text)) >= $8::float8) AND (NOT EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $9::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $10::text))));
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = DATE '2026-09-02', 5 = DATE '2026-11-01', 6 = 'payroll', 7 = 'deposit', 8 = 100000, 9 = DATE '2026-08-03', 10 = 'fund_purchase'

-- export cross_sell to jsonl "out/fund_cross_sell.jsonl" with customer_id, idle_deposits, risk_level
SELECT "customer_id" AS "c1", (SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $5::date) AND ("seg_r"."product_type" = $11::text)) AS "c2", "risk_level" AS "c3"
FROM "customers"
WHERE (("risk_level" IN ($1::text, $2::text, $3::text)) AND EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $6::text)) AND ((SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $5::date) AND ("seg_r"."product_type" = $7::text)) >= $8::float8) AND (NOT EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $9::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."type" = $10::text))))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = DATE '2026-09-02', 5 = DATE '2026-11-01', 6 = 'payroll', 7 = 'deposit', 8 = 100000, 9 = DATE '2026-08-03', 10 = 'fund_purchase', 11 = 'deposit'

