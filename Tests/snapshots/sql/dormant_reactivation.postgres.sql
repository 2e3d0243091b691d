-- count dormant
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) = $3::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."txn_date" <= $2::date)) > $6::float8));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0

-- count reachable
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) = $3::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."txn_date" <= $2::date)) > $6::float8) AND (((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date)) IS NULL) OR (($2::date - (SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date))) > $7::float8)));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0, 7 = 30

-- show reachable with customer_id, city, aum, last_txn, last_contact order by aum desc limit 10
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" <= $2::date) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1) AS "c4", (SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date)) AS "c5"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date)) = $3::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= $4::date AND "seg_r"."txn_date" <= $5::date) AND ("seg_r"."txn_date" <= $2::date)) > $6::float8) AND (((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date)) IS NULL) OR (($2::date - (SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" <= $2::date))) > $7::float8)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0, 7 = 30

