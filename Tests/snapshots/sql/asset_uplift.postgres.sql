-- count basic_only
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $2::text)) = $3::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $4::text)) >= $5::float8));
-- parameters: 1 = DATE '2026-11-01', 2 = 'effective', 3 = 0, 4 = 'basic', 5 = 1

-- count uplift_target by channel_pref
SELECT "channel_pref" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $2::text)) = $3::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $4::text)) >= $5::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $6::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($7::text, $8::text))) >= $9::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'effective', 3 = 0, 4 = 'basic', 5 = 1, 6 = DATE '2026-08-03', 7 = 'deposit', 8 = 'payroll', 9 = 5000

-- show uplift_target with customer_id, city, aum, inflow_90d order by inflow_90d desc limit 5
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $10::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($11::text, $12::text))) AS "c4"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $2::text)) = $3::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $4::text)) >= $5::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $6::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($7::text, $8::text))) >= $9::float8))
ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $13::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($14::text, $15::text))) DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = DATE '2026-11-01', 2 = 'effective', 3 = 0, 4 = 'basic', 5 = 1, 6 = DATE '2026-08-03', 7 = 'deposit', 8 = 'payroll', 9 = 5000, 10 = DATE '2026-08-03', 11 = 'deposit', 12 = 'payroll', 13 = DATE '2026-08-03', 14 = 'deposit', 15 = 'payroll'

-- export uplift_target to list with customer_id, inflow_90d
SELECT "customer_id" AS "c1", (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $10::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($11::text, $12::text))) AS "c2"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $2::text)) = $3::float8) AND ((SELECT COUNT(*) FROM "accounts" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."status" = $4::text)) >= $5::float8) AND ((SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $6::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($7::text, $8::text))) >= $9::float8))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'effective', 3 = 0, 4 = 'basic', 5 = 1, 6 = DATE '2026-08-03', 7 = 'deposit', 8 = 'payroll', 9 = 5000, 10 = DATE '2026-08-03', 11 = 'deposit', 12 = 'payroll'

