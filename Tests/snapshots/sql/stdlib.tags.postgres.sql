-- count all
SELECT COUNT(*) AS "c1"
FROM "customers";

-- count mobile_active
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((SELECT COUNT(*) FROM "app_events" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."event_time" >= $1::date AND "seg_r"."event_time" < $2::date) AND ("seg_r"."event_type" = $3::text)) >= $4::float8);

-- count payroll
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $3::text));

-- count card_holder
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE "has_credit_card";

-- count fund_holder
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE EXISTS (SELECT 1 FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."product_type" = $2::text));

-- count wealth_holder
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE EXISTS (SELECT 1 FROM "holdings" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."opened_date" <= $1::date) AND ("seg_r"."product_type" IN ($2::text, $3::text, $4::text, $5::text)));

-- count has_mortgage
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("loan_balance" > $1::float8);

-- count digital_only
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."channel" IN ($3::text, $4::text))) AND (NOT EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $5::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."channel" = $6::text))));

-- count branch_only
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."channel" = $3::text)) AND (NOT EXISTS (SELECT 1 FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $4::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."channel" IN ($5::text, $6::text)))));

-- count card_active
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((SELECT COUNT(*) FROM "transactions" AS "seg_r" WHERE "seg_r"."customer_id" = "customers"."customer_id" AND ("seg_r"."txn_date" > $1::date AND "seg_r"."txn_date" <= $2::date) AND ("seg_r"."type" = $3::text)) >= $4::float8);
