-- count dormant
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) = ?3) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?4 AND "seg_r"."txn_date" <= ?5) AND ("seg_r"."txn_date" >= ?6 AND "seg_r"."txn_date" <= ?2)) > ?7));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = DATE '0001-01-01', 7 = 0

-- count reachable
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) = ?3) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?4 AND "seg_r"."txn_date" <= ?5) AND ("seg_r"."txn_date" >= ?6 AND "seg_r"."txn_date" <= ?2)) > ?7) AND (((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" >= ?8 AND "seg_r"."contact_date" <= ?2)) IS NULL) OR (CAST(julianday(?2) - julianday((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" >= ?9 AND "seg_r"."contact_date" <= ?2))) AS INTEGER) > ?10)));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = DATE '0001-01-01', 7 = 0, 8 = DATE '0001-01-01', 9 = DATE '0001-01-01', 10 = 30

-- show reachable with customer_id, city, aum, last_txn, last_contact order by aum desc limit 10
SELECT "customer_id" AS "c1", "city" AS "c2", "aum" AS "c3", (SELECT "seg_r"."txn_date" FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?11 AND "seg_r"."txn_date" <= ?2) AND ("seg_r"."txn_date" IS NOT NULL)
ORDER BY "seg_r"."txn_date" DESC, "seg_r"."txn_id" DESC LIMIT 1) AS "c4", (SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" >= ?12 AND "seg_r"."contact_date" <= ?2)) AS "c5"
FROM "customers"
WHERE ((NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > ?1 AND "seg_r"."txn_date" <= ?2)) = ?3) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" >= ?4 AND "seg_r"."txn_date" <= ?5) AND ("seg_r"."txn_date" >= ?6 AND "seg_r"."txn_date" <= ?2)) > ?7) AND (((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" >= ?8 AND "seg_r"."contact_date" <= ?2)) IS NULL) OR (CAST(julianday(?2) - julianday((SELECT MAX("seg_r"."contact_date") FROM "contact_history" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."contact_date" >= ?9 AND "seg_r"."contact_date" <= ?2))) AS INTEGER) > ?10)))
ORDER BY "aum" DESC NULLS LAST, "customer_id" ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = DATE '0001-01-01', 7 = 0, 8 = DATE '0001-01-01', 9 = DATE '0001-01-01', 10 = 30, 11 = DATE '0001-01-01', 12 = DATE '0001-01-01'

