-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by tenure_months
SELECT ((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by txns_90d
SELECT (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by aum_3m_ago
SELECT (SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by lifecycle
SELECT CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count lifecycle_new
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);

-- count lifecycle_growing
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);

-- count lifecycle_mature
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);

-- count lifecycle_declining
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);

-- count lifecycle_dormant
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);

-- count lifecycle_churned
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $2::float8) THEN $3::text WHEN (("aum" < $4::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $1::date)) = $6::float8)) THEN $7::text WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $8::date AND "seg_r"."txn_date" <= $1::date)) = $9::float8) THEN $10::text WHEN ("aum" < (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $11::float8)) THEN $12::text WHEN ("aum" > (CAST((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date)) AS DOUBLE PRECISION) * $13::float8)) THEN $14::text ELSE $15::text END = $16::text);
