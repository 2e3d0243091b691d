-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count all by value_tier
SELECT CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count mass
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text);

-- count affluent
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text);

-- count high_net_worth
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text);

-- count private_banking
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text);
