-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by recency_days
SELECT ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by frequency_180d
SELECT (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by monetary_180d
SELECT (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($3::text, $4::text, $5::text))) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by r_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($2::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $2::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($2::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $2::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL)
SELECT (CAST($1::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by f_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) IS NOT NULL)
SELECT "seg_rank1"."seg_v" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by m_score
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($3::text, $4::text, $5::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" IN ($3::text, $4::text, $5::text))) IS NOT NULL)
SELECT "seg_rank1"."seg_v" AS "c1", COUNT(*) AS "c2"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

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

-- count rfm_champions
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NULL) THEN $2::text WHEN (((CAST($3::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $4::float8) AND ("seg_rank2"."seg_v" >= $6::float8) AND ("seg_rank3"."seg_v" >= $11::float8)) THEN $12::text WHEN (((CAST($13::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $14::float8) AND ("seg_rank2"."seg_v" >= $15::float8)) THEN $16::text WHEN ((CAST($17::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $18::float8) THEN $19::text WHEN ("seg_rank2"."seg_v" >= $20::float8) THEN $21::text ELSE $22::text END = $23::text);

-- count rfm_at_risk
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NULL) THEN $2::text WHEN (((CAST($3::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $4::float8) AND ("seg_rank2"."seg_v" >= $6::float8) AND ("seg_rank3"."seg_v" >= $11::float8)) THEN $12::text WHEN (((CAST($13::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $14::float8) AND ("seg_rank2"."seg_v" >= $15::float8)) THEN $16::text WHEN ((CAST($17::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $18::float8) THEN $19::text WHEN ("seg_rank2"."seg_v" >= $20::float8) THEN $21::text ELSE $22::text END = $23::text);

-- count rfm_hibernating
WITH "seg_rank1" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE ($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NOT NULL),
     "seg_rank2" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) IS NOT NULL),
     "seg_rank3" AS (SELECT "customer_id" AS "seg_k", (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text)))) - 1)) / COUNT(*) OVER ()) AS "seg_v" FROM "customers" WHERE (SELECT COALESCE(SUM("seg_r"."amount"), 0) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $7::date AND "seg_r"."txn_date" <= $1::date) AND ("seg_r"."type" IN ($8::text, $9::text, $10::text))) IS NOT NULL)
SELECT COUNT(*) AS "c1"
FROM "customers"
LEFT JOIN "seg_rank1" ON "seg_rank1"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank2" ON "seg_rank2"."seg_k" = "customers"."customer_id"
LEFT JOIN "seg_rank3" ON "seg_rank3"."seg_k" = "customers"."customer_id"
WHERE (CASE WHEN (($1::date - (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $1::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1)) IS NULL) THEN $2::text WHEN (((CAST($3::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $4::float8) AND ("seg_rank2"."seg_v" >= $6::float8) AND ("seg_rank3"."seg_v" >= $11::float8)) THEN $12::text WHEN (((CAST($13::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $14::float8) AND ("seg_rank2"."seg_v" >= $15::float8)) THEN $16::text WHEN ((CAST($17::float8 AS DOUBLE PRECISION) - "seg_rank1"."seg_v") >= $18::float8) THEN $19::text WHEN ("seg_rank2"."seg_v" >= $20::float8) THEN $21::text ELSE $22::text END = $23::text);
