-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";
