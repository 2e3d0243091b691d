-- show private_banking with name, phone, id_number, birth_date, year(birth_date), occupation, last(contacts.channel), city, age   order by aum desc limit 5
SELECT "name" AS "c1", "phone" AS "c2", "id_number" AS "c3", "birth_date" AS "c4", CAST(EXTRACT(YEAR FROM "birth_date") AS INTEGER) AS "c5", "occupation" AS "c6", (SELECT "seg_r"."channel" FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date) AND ("seg_r"."contact_date" IS NOT NULL)
ORDER BY "seg_r"."contact_date" DESC, "seg_r"."contact_id" DESC LIMIT 1) AS "c7", "city" AS "c8", "age" AS "c9"
FROM "customers"
WHERE ("aum" >= $1::float8)
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 6000000, 2 = DATE '2026-11-01'

-- count aum >= 2m by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ("aum" >= $1::float8)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 2000000

