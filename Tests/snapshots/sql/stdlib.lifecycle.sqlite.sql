-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by tenure_months
SELECT ((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by txns_90d
SELECT (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by aum_3m_ago
SELECT (SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?1 AND "seg_r"."opened_date" <= ?2)) AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by lifecycle
SELECT CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count lifecycle_new
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);

-- count lifecycle_growing
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);

-- count lifecycle_mature
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);

-- count lifecycle_declining
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);

-- count lifecycle_dormant
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);

-- count lifecycle_churned
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?2) THEN ?3 WHEN (("aum" < ?4) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?5 AND "seg_r"."txn_date" <= ?1)) = ?6)) THEN ?7 WHEN ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?8 AND "seg_r"."txn_date" <= ?1)) = ?9) THEN ?10 WHEN ("aum" < ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?11 AND "seg_r"."opened_date" <= ?1)) * ?12)) THEN ?13 WHEN ("aum" > ((SELECT COALESCE(SUM("seg_r"."balance_3m_ago"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" >= ?14 AND "seg_r"."opened_date" <= ?1)) * ?15)) THEN ?16 ELSE ?17 END = ?18);
