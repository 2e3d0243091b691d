-- count basic_only
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $1::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $3::text)) = $4::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $5::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $6::text)) >= $7::float8));
-- parameters: 1 = DATE '0001-01-01', 2 = DATE '2026-11-01', 3 = 'effective', 4 = 0, 5 = DATE '0001-01-01', 6 = 'basic', 7 = 1

-- count uplift_target by channel_pref
SELECT "channel_pref" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $1::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $3::text)) = $4::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $5::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $6::text)) >= $7::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($9::text, $10::text))) >= $11::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '0001-01-01', 2 = DATE '2026-11-01', 3 = 'effective', 4 = 0, 5 = DATE '0001-01-01', 6 = 'basic', 7 = 1, 8 = DATE '2026-08-03', 9 = 'deposit', 10 = 'payroll', 11 = 5000

-- show uplift_target with customer_id, city, aum, inflow_90d order by inflow_90d desc limit 5
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $12::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($13::text, $14::text))) AS "c4"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $1::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $3::text)) = $4::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $5::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $6::text)) >= $7::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($9::text, $10::text))) >= $11::float8))
ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $15::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($16::text, $17::text))) DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = DATE '0001-01-01', 2 = DATE '2026-11-01', 3 = 'effective', 4 = 0, 5 = DATE '0001-01-01', 6 = 'basic', 7 = 1, 8 = DATE '2026-08-03', 9 = 'deposit', 10 = 'payroll', 11 = 5000, 12 = DATE '2026-08-03', 13 = 'deposit', 14 = 'payroll', 15 = DATE '2026-08-03', 16 = 'deposit', 17 = 'payroll'

-- export uplift_target to list with customer_id, inflow_90d
SELECT "customer_id" AS "c1", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $12::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($13::text, $14::text))) AS "c2"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $1::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $3::text)) = $4::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= $5::date AND "seg_r"."opened_date" <= $2::date) AND ("seg_r"."status" = $6::text)) >= $7::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($9::text, $10::text))) >= $11::float8))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '0001-01-01', 2 = DATE '2026-11-01', 3 = 'effective', 4 = 0, 5 = DATE '0001-01-01', 6 = 'basic', 7 = 1, 8 = DATE '2026-08-03', 9 = 'deposit', 10 = 'payroll', 11 = 5000, 12 = DATE '2026-08-03', 13 = 'deposit', 14 = 'payroll'

