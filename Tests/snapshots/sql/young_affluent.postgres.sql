-- count young_affluent
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("age" <= $1::float8) AND ("aum" >= $2::float8));
-- parameters: 1 = 35, 2 = 200000

-- count mobile_first
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("age" <= $1::float8) AND ("aum" >= $2::float8) AND "mobile_banking" AND ("channel_pref" IN ($3::text, $4::text)));
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

-- count mobile_first by age_band
SELECT CASE WHEN "age" IS NULL THEN NULL WHEN "age" < $5::float8 THEN $6::text WHEN "age" < $7::float8 THEN $8::text WHEN "age" < $9::float8 THEN $10::text ELSE $11::text END COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE (("age" <= $1::float8) AND ("aum" >= $2::float8) AND "mobile_banking" AND ("channel_pref" IN ($3::text, $4::text)))
GROUP BY 1
ORDER BY MIN("age") ASC NULLS LAST;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat', 5 = 25, 6 = '<25', 7 = 30, 8 = '25-30', 9 = 35, 10 = '30-35', 11 = '>=35'

-- show mobile_first with customer_id, age, city, aum, channel_pref order by aum desc limit 10
SELECT "customer_id" AS "c1", "age" AS "c2", "city" AS "c3", "aum" AS "c4", "channel_pref" AS "c5"
FROM "customers"
WHERE (("age" <= $1::float8) AND ("aum" >= $2::float8) AND "mobile_banking" AND ("channel_pref" IN ($3::text, $4::text)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

-- export mobile_first to jsonl "out/mobile_first.jsonl" with customer_id, age, city, aum
SELECT "customer_id" AS "c1", "age" AS "c2", "city" AS "c3", "aum" AS "c4"
FROM "customers"
WHERE (("age" <= $1::float8) AND ("aum" >= $2::float8) AND "mobile_banking" AND ("channel_pref" IN ($3::text, $4::text)))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

