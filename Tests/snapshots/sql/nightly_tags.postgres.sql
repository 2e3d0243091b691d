-- build tags stdlib.rfm, stdlib.tags
-- runs the tag store's queries when the run commits: `seg tags build MODULE… --sql` prints them

-- count all by rfm_group
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text))) IS NOT NULL)
SELECT CASE WHEN (($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NULL) THEN $2::text WHEN (((CAST($3::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $4::float8) AND ("seg_rank2"."seg_v" >= $6::float8) AND ("seg_rank3"."seg_v" >= $11::float8)) THEN $12::text WHEN (((CAST($13::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $14::float8) AND ("seg_rank2"."seg_v" >= $15::float8)) THEN $16::text WHEN ((CAST($17::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $18::float8) THEN $19::text WHEN ("seg_rank2"."seg_v" >= $20::float8) THEN $21::text ELSE $22::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating'

