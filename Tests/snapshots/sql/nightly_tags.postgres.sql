-- build tags stdlib.rfm, stdlib.tags
-- runs the tag store's queries when the run commits: `seg tags build MODULE… --sql` prints them

-- count all by rfm_group
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $5::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $5::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $9::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($10::text, $11::text, $12::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $9::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($10::text, $11::text, $12::text))) IS NOT NULL)
SELECT CASE WHEN (($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $2::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NULL) THEN $3::text WHEN (((CAST($4::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $6::float8) AND ("seg_rank2"."seg_v" >= $8::float8) AND ("seg_rank3"."seg_v" >= $13::float8)) THEN $14::text WHEN (((CAST($15::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $16::float8) AND ("seg_rank2"."seg_v" >= $17::float8)) THEN $18::text WHEN ((CAST($19::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $20::float8) THEN $21::text WHEN ("seg_rank2"."seg_v" >= $22::float8) THEN $23::text ELSE $24::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '0001-01-01', 3 = 'inactive', 4 = 6, 5 = DATE '0001-01-01', 6 = 4, 7 = DATE '2026-05-05', 8 = 4, 9 = DATE '2026-05-05', 10 = 'deposit', 11 = 'payroll', 12 = 'fund_purchase', 13 = 4, 14 = 'champions', 15 = 6, 16 = 3, 17 = 3, 18 = 'loyal', 19 = 6, 20 = 4, 21 = 'potential', 22 = 3, 23 = 'at_risk', 24 = 'hibernating'

