-- count hidden_wealth
SELECT COUNT(*) AS "c1"
FROM "households"
WHERE (("member_count" >= $1::float8) AND ((SELECT COALESCE(SUM("seg_r"."aum"), 0) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) > $3::float8) AND ((SELECT MAX("seg_r"."aum") FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) < $4::float8));
-- parameters: 1 = 3, 2 = DATE '2026-11-01', 3 = 1000000, 4 = 600000

-- count hidden_wealth by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "households"
WHERE (("member_count" >= $1::float8) AND ((SELECT COALESCE(SUM("seg_r"."aum"), 0) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) > $3::float8) AND ((SELECT MAX("seg_r"."aum") FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) < $4::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 3, 2 = DATE '2026-11-01', 3 = 1000000, 4 = 600000

-- show hidden_wealth with household_id, city, member_count, family_aum, richest_member, seniors order by family_aum desc limit 5
SELECT "household_id" AS "c1", "city" AS "c2", "member_count" AS "c3", (SELECT COALESCE(SUM("seg_r"."aum"), 0) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) AS "c4", (SELECT MAX("seg_r"."aum") FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) AS "c5", (SELECT COUNT(*) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date) AND ("seg_r"."age" >= $5::float8)) AS "c6"
FROM "households"
WHERE (("member_count" >= $1::float8) AND ((SELECT COALESCE(SUM("seg_r"."aum"), 0) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) > $3::float8) AND ((SELECT MAX("seg_r"."aum") FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) < $4::float8))
ORDER BY (SELECT COALESCE(SUM("seg_r"."aum"), 0) FROM "customers" AS "seg_r" WHERE "seg_r"."household_id" = "households"."household_id" AND ("seg_r"."open_date" <= $2::date)) DESC NULLS LAST, "household_id" ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 3, 2 = DATE '2026-11-01', 3 = 1000000, 4 = 600000, 5 = 60

