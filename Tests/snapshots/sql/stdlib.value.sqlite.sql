-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by value_tier
SELECT CASE WHEN ("aum" >= ?1) THEN ?2 WHEN ("aum" >= ?3) THEN ?4 WHEN ("aum" >= ?5) THEN ?6 ELSE ?7 END AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count mass
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= ?1) THEN ?2 WHEN ("aum" >= ?3) THEN ?4 WHEN ("aum" >= ?5) THEN ?6 ELSE ?7 END = ?8);

-- count affluent
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= ?1) THEN ?2 WHEN ("aum" >= ?3) THEN ?4 WHEN ("aum" >= ?5) THEN ?6 ELSE ?7 END = ?8);

-- count high_net_worth
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= ?1) THEN ?2 WHEN ("aum" >= ?3) THEN ?4 WHEN ("aum" >= ?5) THEN ?6 ELSE ?7 END = ?8);

-- count private_banking
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= ?1) THEN ?2 WHEN ("aum" >= ?3) THEN ?4 WHEN ("aum" >= ?5) THEN ?6 ELSE ?7 END = ?8);
