-- aum >= 500k and age between 30 and 60
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= ?1) AND ("age" BETWEEN ?2 AND ?3));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= 500000) AND ("age" BETWEEN 30 AND 60));

-- not (aum > 100k)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (NOT COALESCE(("aum" > ?1), FALSE));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (NOT COALESCE(("aum" > 100000), FALSE));

-- city in ["上海", "北京"] or city is missing
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("city" IN (?1, ?2)) OR ("city" IS NULL));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("city" IN ('上海', '北京')) OR ("city" IS NULL));

-- city not in ["上海"]
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("city" NOT IN (?1));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("city" NOT IN ('上海'));

-- name contains "O'" and name starts with "A" and name ends with "z"
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((instr("name", ?1) > 0) AND (substr("name", 1, length(?2)) = ?2) AND CASE WHEN length(?3) > length("name") THEN FALSE ELSE substr("name", length("name") - length(?3) + 1) = ?3 END);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((instr("name", 'O''') > 0) AND (substr("name", 1, length('A')) = 'A') AND CASE WHEN length('z') > length("name") THEN FALSE ELSE substr("name", length("name") - length('z') + 1) = 'z' END);

-- aum / age > 1000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST("aum" AS REAL) / NULLIF("age", 0)) > ?1);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST("aum" AS REAL) / NULLIF("age", 0)) > 1000);

-- -aum + 2 * age < 0
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((-"aum") + (?1 * "age")) < ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (((-"aum") + (2 * "age")) < 0);

-- open_date + 1 month >= 2026-03-31
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (min(date("open_date", ?1 || ' months'), date("open_date", 'start of month', (?1 + 1) || ' months', '-1 day')) >= ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (min(date("open_date", 1 || ' months'), date("open_date", 'start of month', (1 + 1) || ' months', '-1 day')) >= '2026-03-31');

-- open_date - 2 weeks < today
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (date("open_date", ?1 || ' days') < ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (date("open_date", -14 || ' days') < '2026-11-01');

-- today - open_date > 365
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CAST(julianday(?1) - julianday("open_date") AS INTEGER) > ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CAST(julianday('2026-11-01') - julianday("open_date") AS INTEGER) > 365);

-- years_since(open_date) >= 10 and months_since(open_date) < 200
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(floor(((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= ?2) AND (((CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', ?1) AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < ?3));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(floor(((CAST(strftime('%Y', '2026-11-01') AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', '2026-11-01') AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', '2026-11-01') AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= 10) AND (((CAST(strftime('%Y', '2026-11-01') AS INTEGER) - CAST(strftime('%Y', "open_date") AS INTEGER)) * 12 + CAST(strftime('%m', '2026-11-01') AS INTEGER) - CAST(strftime('%m', "open_date") AS INTEGER) - CASE WHEN CAST(strftime('%d', '2026-11-01') AS INTEGER) < CAST(strftime('%d', "open_date") AS INTEGER) THEN 1 ELSE 0 END) < 200));

-- year(open_date) = 2020 and month(open_date) = 2
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(strftime('%Y', "open_date") AS INTEGER) = ?1) AND (CAST(strftime('%m', "open_date") AS INTEGER) = ?2));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(strftime('%Y', "open_date") AS INTEGER) = 2020) AND (CAST(strftime('%m', "open_date") AS INTEGER) = 2));

-- coalesce(aum, 0) = 0
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (COALESCE("aum", ?1) = ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (COALESCE("aum", 0) = 0);

-- min(aum, 100k) = max(age, 1)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (min("aum", ?1) = max("age", ?2));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (min("aum", 100000) = max("age", 1));

-- round(aum / 7, 2) > abs(-3) and floor(age) = ceil(age)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((round((CAST("aum" AS REAL) / NULLIF(?1, 0)), ?2) > abs(?3)) AND (floor("age") = ceil("age")));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((round((CAST("aum" AS REAL) / NULLIF(7, 0)), 2) > abs(-3)) AND (floor("age") = ceil("age")));

-- log(aum) > exp(1)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "aum" > 0 THEN ln("aum") END > exp(?1));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "aum" > 0 THEN ln("aum") END > exp(1));

-- (if vip_flag then aum else 0) > 1
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "vip_flag" THEN "aum" ELSE ?1 END > ?2);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "vip_flag" THEN "aum" ELSE 0 END > 1);

-- bucket(age, [25, 35]) = "<25"
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "age" IS NULL THEN NULL WHEN "age" < ?1 THEN ?2 WHEN "age" < ?3 THEN ?4 ELSE ?5 END = ?6);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "age" IS NULL THEN NULL WHEN "age" < 25 THEN '<25' WHEN "age" < 35 THEN '25-35' ELSE '>=35' END = '<25');

-- vip_flag and not vip_flag
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("vip_flag" AND (NOT COALESCE("vip_flag", FALSE)));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("vip_flag" AND (NOT COALESCE("vip_flag", FALSE)));

-- default = "yes" and select > 3
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("default" = ?1) AND ("select" > ?2));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("default" = 'yes') AND ("select" > 3));

