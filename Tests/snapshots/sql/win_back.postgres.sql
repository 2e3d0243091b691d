-- count not_contacted
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("last_contact_date" IS NULL) OR (($1::date - "last_contact_date") > $2::float8));
-- parameters: 1 = DATE '2026-11-01', 2 = 90

-- count worth_a_call by city
SELECT "city" COLLATE "C" AS "c1", COUNT(*) AS "c2"
FROM "customers"
WHERE ((("last_contact_date" IS NULL) OR (($1::date - "last_contact_date") > $2::float8)) AND ("aum" >= $3::float8) AND (NOT "do_not_disturb") AND ("channel_pref" = $4::text))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 90, 3 = 300000, 4 = 'phone'

-- assert count worth_a_call between 1 and 5000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((("last_contact_date" IS NULL) OR (($1::date - "last_contact_date") > $2::float8)) AND ("aum" >= $3::float8) AND (NOT "do_not_disturb") AND ("channel_pref" = $4::text));
-- parameters: 1 = DATE '2026-11-01', 2 = 90, 3 = 300000, 4 = 'phone'

-- export worth_a_call to list win_back_call with customer_id, name, phone, aum
SELECT "customer_id" AS "c1", "name" AS "c2", "phone" AS "c3", "aum" AS "c4"
FROM "customers"
WHERE ((("last_contact_date" IS NULL) OR (($1::date - "last_contact_date") > $2::float8)) AND ("aum" >= $3::float8) AND (NOT "do_not_disturb") AND ("channel_pref" = $4::text))
ORDER BY "customer_id" ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 90, 3 = 300000, 4 = 'phone'

