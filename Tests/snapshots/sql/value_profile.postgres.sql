-- count all by value_tier
SELECT CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass'

-- count high_net_worth by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'high_net_worth'

-- count high_net_worth by mobile_active, payroll
SELECT ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $9::date AND "seg_r"."event_time" < $10::date) AND ("seg_r"."event_type" = $11::text)) >= $12::float8) AS "c1", EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $13::date AND "seg_r"."txn_date" <= $14::date) AND ("seg_r"."type" = $15::text)) AS "c2", COUNT(*) AS "c3"
FROM "customers"
WHERE (CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text)
GROUP BY 1, 2
ORDER BY 1 ASC NULLS LAST, 2 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'high_net_worth', 9 = DATE '2026-10-03', 10 = DATE '2026-11-02', 11 = 'login', 12 = 4, 13 = DATE '2026-09-02', 14 = DATE '2026-11-01', 15 = 'payroll'

-- count private_banking and not fund_holder
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CASE WHEN ("aum" >= $1::float8) THEN $2::text WHEN ("aum" >= $3::float8) THEN $4::text WHEN ("aum" >= $5::float8) THEN $6::text ELSE $7::text END = $8::text) AND (NOT EXISTS (SELECT 1 FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $9::date) AND ("seg_r"."product_type" = $10::text))));
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'private_banking', 9 = DATE '2026-11-01', 10 = 'fund'

