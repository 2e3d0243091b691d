-- count near_retirement
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("age" BETWEEN $1::float8 AND $2::float8) AND (CAST(floor(((CAST(EXTRACT(YEAR FROM $3::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $3::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $3::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= $4::float8));
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10

-- count planning_prospects by occupation
SELECT "occupation" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("age" BETWEEN $1::float8 AND $2::float8) AND (CAST(floor(((CAST(EXTRACT(YEAR FROM $3::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $3::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $3::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= $4::float8) AND ("annual_income" IS NOT NULL) AND (("wealth_balance" < $5::float8) OR ("loan_balance" = $6::float8)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10, 5 = 200000, 6 = 0

-- show planning_prospects with customer_id, name, age, open_date, aum order by open_date limit 10
SELECT "customer_id" AS "c1", "name" AS "c2", "age" AS "c3", "open_date" AS "c4", "aum" AS "c5"
FROM "customers"
WHERE (("age" BETWEEN $1::float8 AND $2::float8) AND (CAST(floor(((CAST(EXTRACT(YEAR FROM $3::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $3::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $3::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= $4::float8) AND ("annual_income" IS NOT NULL) AND (("wealth_balance" < $5::float8) OR ("loan_balance" = $6::float8)))
ORDER BY "open_date" ASC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10, 5 = 200000, 6 = 0

