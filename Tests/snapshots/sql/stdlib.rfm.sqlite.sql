-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by recency_days
SELECT CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?2 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by frequency_180d
SELECT (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by monetary_180d
SELECT (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."type" IN (?3, ?4, ?5))) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by r_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?2) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?3 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?2) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?3 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL)
SELECT (?1 - "seg_rank1"."seg_v") AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by f_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) IS NOT NULL)
SELECT "seg_rank1"."seg_v" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by m_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."type" IN (?3, ?4, ?5)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."type" IN (?3, ?4, ?5))) IS NOT NULL)
SELECT "seg_rank1"."seg_v" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

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

-- count rfm_champions
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?2 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?3 WHEN (((?4 - "seg_rank1"."seg_v") >= ?6) AND ("seg_rank2"."seg_v" >= ?8) AND ("seg_rank3"."seg_v" >= ?13)) THEN ?14 WHEN (((?15 - "seg_rank1"."seg_v") >= ?16) AND ("seg_rank2"."seg_v" >= ?17)) THEN ?18 WHEN ((?19 - "seg_rank1"."seg_v") >= ?20) THEN ?21 WHEN ("seg_rank2"."seg_v" >= ?22) THEN ?23 ELSE ?24 END = ?25);

-- count rfm_at_risk
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?2 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?3 WHEN (((?4 - "seg_rank1"."seg_v") >= ?6) AND ("seg_rank2"."seg_v" >= ?8) AND ("seg_rank3"."seg_v" >= ?13)) THEN ?14 WHEN (((?15 - "seg_rank1"."seg_v") >= ?16) AND ("seg_rank2"."seg_v" >= ?17)) THEN ?18 WHEN ((?19 - "seg_rank1"."seg_v") >= ?20) THEN ?21 WHEN ("seg_rank2"."seg_v" >= ?22) THEN ?23 ELSE ?24 END = ?25);

-- count rfm_hibernating
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER)) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?5 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?7 AND "seg_r"."txn_date" <= ?1)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?9 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."type" IN (?10, ?11, ?12))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (CAST(julianday(?1) - julianday((SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?2 AND "seg_r"."txn_date" <= ?1) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS INTEGER) IS NULL) THEN ?3 WHEN (((?4 - "seg_rank1"."seg_v") >= ?6) AND ("seg_rank2"."seg_v" >= ?8) AND ("seg_rank3"."seg_v" >= ?13)) THEN ?14 WHEN (((?15 - "seg_rank1"."seg_v") >= ?16) AND ("seg_rank2"."seg_v" >= ?17)) THEN ?18 WHEN ((?19 - "seg_rank1"."seg_v") >= ?20) THEN ?21 WHEN ("seg_rank2"."seg_v" >= ?22) THEN ?23 ELSE ?24 END = ?25);
