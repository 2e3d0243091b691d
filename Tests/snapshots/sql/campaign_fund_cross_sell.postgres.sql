-- campaign fund_cross_sell   priority 20   target payroll and idle_deposits   exclude do_not_disturb   holdout 10% seed "fund-2026q4"   rank by deposit_balance_now desc   limit 150   channel app_push
SELECT "customer_id" AS "c1", $6::boolean AS "c2", "do_not_disturb" AS "c3", (SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $3::date) AND ("seg_r"."product_type" IN ($7::text, $8::text))) AS "c4"
FROM "customers"
WHERE (("deposit_balance" >= $1::float8) AND EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $2::date AND "seg_r"."txn_date" <= $3::date) AND ("seg_r"."type" = $4::text)) AND (NOT EXISTS (SELECT 1 FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $3::date) AND ("seg_r"."product_type" = $5::text))))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = DATE '2026-09-02', 3 = DATE '2026-11-01', 4 = 'payroll', 5 = 'fund', 6 = TRUE, 7 = 'deposit', 8 = 'time_deposit'

-- campaign deposit_retention_q4   priority 5   target deposit_balance_now >= 5万   exclude do_not_disturb   holdout 10% seed "deposit-2026q4"   limit 200   channel phone
SELECT "customer_id" AS "c1", $5::boolean AS "c2", "do_not_disturb" AS "c3"
FROM "customers"
WHERE ((SELECT COALESCE(SUM("seg_r"."balance"), 0) FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."product_type" IN ($2::text, $3::text))) >= $4::float8)
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'deposit', 3 = 'time_deposit', 4 = 50000, 5 = TRUE

-- overlap in list fund_cross_sell, in list deposit_retention_q4
SELECT SUM(CASE WHEN (CAST("customer_id" AS TEXT) IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = $1::text AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = $2::text))) THEN 1 ELSE 0 END) AS "c1", SUM(CASE WHEN ((CAST("customer_id" AS TEXT) IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = $3::text AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = $4::text))) AND (CAST("customer_id" AS TEXT) IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = $5::text AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = $6::text)))) THEN 1 ELSE 0 END) AS "c2", SUM(CASE WHEN (CAST("customer_id" AS TEXT) IN (SELECT "member_key" FROM "seg_list_members" WHERE "name" = $7::text AND "version" = (SELECT MAX("version") FROM "seg_lists" WHERE "name" = $8::text))) THEN 1 ELSE 0 END) AS "c3"
FROM "customers";
-- parameters: 1 = 'fund_cross_sell', 2 = 'fund_cross_sell', 3 = 'fund_cross_sell', 4 = 'fund_cross_sell', 5 = 'deposit_retention_q4', 6 = 'deposit_retention_q4', 7 = 'deposit_retention_q4', 8 = 'deposit_retention_q4'

