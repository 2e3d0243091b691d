-- count all by rfm_group
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10))) IS NOT NULL)
SELECT CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?2 WHEN (((?3 - "seg_rank1"."seg_v") >= ?4) AND ("seg_rank2"."seg_v" >= ?6) AND ("seg_rank3"."seg_v" >= ?11)) THEN ?12 WHEN (((?13 - "seg_rank1"."seg_v") >= ?14) AND ("seg_rank2"."seg_v" >= ?15)) THEN ?16 WHEN ((?17 - "seg_rank1"."seg_v") >= ?18) THEN ?19 WHEN ("seg_rank2"."seg_v" >= ?20) THEN ?21 ELSE ?22 END AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating'

-- count rfm_champions by value_band
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10))) IS NOT NULL)
SELECT CASE WHEN "aum" IS NULL THEN NULL WHEN "aum" < ?24 THEN ?25 WHEN "aum" < ?26 THEN ?27 WHEN "aum" < ?28 THEN ?29 ELSE ?30 END AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?2 WHEN (((?3 - "seg_rank1"."seg_v") >= ?4) AND ("seg_rank2"."seg_v" >= ?6) AND ("seg_rank3"."seg_v" >= ?11)) THEN ?12 WHEN (((?13 - "seg_rank1"."seg_v") >= ?14) AND ("seg_rank2"."seg_v" >= ?15)) THEN ?16 WHEN ((?17 - "seg_rank1"."seg_v") >= ?18) THEN ?19 WHEN ("seg_rank2"."seg_v" >= ?20) THEN ?21 ELSE ?22 END = ?23)
GROUP BY 1
ORDER BY MIN("aum") ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating', 23 = 'champions', 24 = 50000, 25 = '<5w', 26 = 500000, 27 = '5w-50w', 28 = 6000000, 29 = '50w-600w', 30 = '>=600w'

-- count rfm_at_risk and not fund_holder
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE ((CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?2 WHEN (((?3 - "seg_rank1"."seg_v") >= ?4) AND ("seg_rank2"."seg_v" >= ?6) AND ("seg_rank3"."seg_v" >= ?11)) THEN ?12 WHEN (((?13 - "seg_rank1"."seg_v") >= ?14) AND ("seg_rank2"."seg_v" >= ?15)) THEN ?16 WHEN ((?17 - "seg_rank1"."seg_v") >= ?18) THEN ?19 WHEN ("seg_rank2"."seg_v" >= ?20) THEN ?21 ELSE ?22 END = ?23) AND (NOT EXISTS (SELECT 1 FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."product_type" = ?24))));
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating', 23 = 'at_risk', 24 = 'fund'

-- show rfm_champions with customer_id, r_score, f_score, m_score, aum order by aum desc limit 5
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?8, ?9, ?10))) IS NOT NULL)
SELECT "customer_id" AS "c1", (?24 - "seg_rank1"."seg_v") AS "c2", "seg_rank2"."seg_v" AS "c3", "seg_rank3"."seg_v" AS "c4", "aum" AS "c5"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?2 WHEN (((?3 - "seg_rank1"."seg_v") >= ?4) AND ("seg_rank2"."seg_v" >= ?6) AND ("seg_rank3"."seg_v" >= ?11)) THEN ?12 WHEN (((?13 - "seg_rank1"."seg_v") >= ?14) AND ("seg_rank2"."seg_v" >= ?15)) THEN ?16 WHEN ((?17 - "seg_rank1"."seg_v") >= ?18) THEN ?19 WHEN ("seg_rank2"."seg_v" >= ?20) THEN ?21 ELSE ?22 END = ?23)
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating', 23 = 'champions', 24 = 6

