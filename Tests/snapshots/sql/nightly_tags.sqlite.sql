-- build tags stdlib.rfm, stdlib.tags
-- runs the tag store's queries when the run commits: `seg tags build MODULE… --sql` prints them

-- count all by rfm_group
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12))) IS NOT NULL)
SELECT CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?2 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?3 WHEN (((?4 - "seg_rank1"."seg_v") >= ?6) AND ("seg_rank2"."seg_v" >= ?8) AND ("seg_rank3"."seg_v" >= ?13)) THEN ?14 WHEN (((?15 - "seg_rank1"."seg_v") >= ?16) AND ("seg_rank2"."seg_v" >= ?17)) THEN ?18 WHEN ((?19 - "seg_rank1"."seg_v") >= ?20) THEN ?21 WHEN ("seg_rank2"."seg_v" >= ?22) THEN ?23 ELSE ?24 END AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '0001-01-01', 3 = 'inactive', 4 = 6, 5 = DATE '0001-01-01', 6 = 4, 7 = DATE '2026-05-05', 8 = 4, 9 = DATE '2026-05-05', 10 = 'deposit', 11 = 'payroll', 12 = 'fund_purchase', 13 = 4, 14 = 'champions', 15 = 6, 16 = 3, 17 = 3, 18 = 'loyal', 19 = 6, 20 = 4, 21 = 'potential', 22 = 3, 23 = 'at_risk', 24 = 'hibernating'

