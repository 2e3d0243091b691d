-- count mobile_banking
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE "mobile_banking";

-- count medium_activity
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("mobile_banking" AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $1::date AND "seg_r"."event_time" < $2::date) AND ("seg_r"."event_type" = $3::text)) BETWEEN $4::float8 AND $5::float8));
-- parameters: 1 = DATE '2026-10-03', 2 = DATE '2026-11-02', 3 = 'login', 4 = 1, 5 = 3

-- count activation_target by channel_pref
SELECT "channel_pref" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ("mobile_banking" AND (NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $1::date AND "seg_r"."event_time" < $2::date) AND ("seg_r"."event_type" = $3::text)) BETWEEN $4::float8 AND $5::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $6::date AND "seg_r"."txn_date" <= $7::date) AND ("seg_r"."type" = $8::text)) >= $9::float8))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-10-03', 2 = DATE '2026-11-02', 3 = 'login', 4 = 1, 5 = 3, 6 = DATE '2026-08-03', 7 = DATE '2026-11-01', 8 = 'card_spend', 9 = 3

-- export activation_target to csv "out/mobile_activation.csv" with customer_id, logins_30d, card_spend_90d
SELECT "customer_id" AS "c1", (SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $10::date AND "seg_r"."event_time" < $11::date) AND ("seg_r"."event_type" = $12::text)) AS "c2", (SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $13::date AND "seg_r"."txn_date" <= $7::date) AND ("seg_r"."type" = $14::text)) AS "c3"
FROM "customers"
WHERE ("mobile_banking" AND (NOT "do_not_disturb") AND ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $1::date AND "seg_r"."event_time" < $2::date) AND ("seg_r"."event_type" = $3::text)) BETWEEN $4::float8 AND $5::float8) AND ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $6::date AND "seg_r"."txn_date" <= $7::date) AND ("seg_r"."type" = $8::text)) >= $9::float8))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-10-03', 2 = DATE '2026-11-02', 3 = 'login', 4 = 1, 5 = 3, 6 = DATE '2026-08-03', 7 = DATE '2026-11-01', 8 = 'card_spend', 9 = 3, 10 = DATE '2026-10-03', 11 = DATE '2026-11-02', 12 = 'login', 13 = DATE '2026-08-03', 14 = 'card_spend'

