-- count deposit_heavy
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ((CAST("wealth_balance" AS DOUBLE PRECISION) / NULLIF("aum", 0)) < $2::float8));
-- parameters: 1 = 100000, 2 = 0.1

-- count upsell by risk_level
SELECT "risk_level" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ((CAST("wealth_balance" AS DOUBLE PRECISION) / NULLIF("aum", 0)) < $2::float8) AND ("risk_level" IN ($3::text, $4::text, $5::text)) AND (NOT "do_not_disturb"))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = 0.1, 3 = 'R3', 4 = 'R4', 5 = 'R5'

-- explain upsell
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ((CAST("wealth_balance" AS DOUBLE PRECISION) / NULLIF("aum", 0)) < $2::float8) AND ("risk_level" IN ($3::text, $4::text, $5::text)) AND (NOT "do_not_disturb"));
-- parameters: 1 = 100000, 2 = 0.1, 3 = 'R3', 4 = 'R4', 5 = 'R5'

-- export upsell to csv "out/upsell.csv" excel with customer_id, name, phone, aum, deposit_balance, risk_level
SELECT "customer_id" AS "c1", "name" AS "c2", "phone" AS "c3", "aum" AS "c4", "deposit_balance" AS "c5", "risk_level" AS "c6"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ((CAST("wealth_balance" AS DOUBLE PRECISION) / NULLIF("aum", 0)) < $2::float8) AND ("risk_level" IN ($3::text, $4::text, $5::text)) AND (NOT "do_not_disturb"))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = 0.1, 3 = 'R3', 4 = 'R4', 5 = 'R5'

