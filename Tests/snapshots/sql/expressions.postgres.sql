-- aum >= 500k and age between 30 and 60
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= $1::float8) AND ("age" BETWEEN $2::float8 AND $3::float8));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("aum" >= 500000) AND ("age" BETWEEN 30 AND 60));

-- not (aum > 100k)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (NOT COALESCE(("aum" > $1::float8), FALSE));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (NOT COALESCE(("aum" > 100000), FALSE));

-- city in ["上海", "北京"] or city is missing
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("city" IN ($1::text, $2::text)) OR ("city" IS NULL));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("city" IN ('上海', '北京')) OR ("city" IS NULL));

-- city not in ["上海"]
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("city" NOT IN ($1::text));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ("city" NOT IN ('上海'));

-- name contains "O'" and name starts with "A" and name ends with "z"
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((strpos("name", $1::text) > 0) AND (left("name", length($2::text)) = $2::text) AND (right("name", length($3::text)) = $3::text));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((strpos("name", 'O''') > 0) AND (left("name", length('A')) = 'A') AND (right("name", length('z')) = 'z'));

-- aum / age > 1000
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST("aum" AS DOUBLE PRECISION) / NULLIF("age", 0)) > $1::float8);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST("aum" AS DOUBLE PRECISION) / NULLIF("age", 0)) > 1000);

-- -aum + 2 * age < 0
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST((-"aum") AS DOUBLE PRECISION) + (CAST($1::float8 AS DOUBLE PRECISION) * "age")) < $2::float8);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST((-"aum") AS DOUBLE PRECISION) + (CAST(2 AS DOUBLE PRECISION) * "age")) < 0);

-- open_date + 1 month >= 2026-03-31
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CAST("open_date" + make_interval(months => CAST($1::float8 AS INTEGER)) AS DATE) >= $2::date);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CAST("open_date" + make_interval(months => CAST(1 AS INTEGER)) AS DATE) >= DATE '2026-03-31');

-- open_date - 2 weeks < today
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("open_date" + CAST($1::float8 AS INTEGER)) < $2::date);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("open_date" + CAST(-14 AS INTEGER)) < DATE '2026-11-01');

-- today - open_date > 365
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (($1::date - "open_date") > $2::float8);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((DATE '2026-11-01' - "open_date") > 365);

-- years_since(open_date) >= 10 and months_since(open_date) < 200
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(floor(((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= $2::float8) AND (((CAST(EXTRACT(YEAR FROM $1::date) AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM $1::date) AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM $1::date) AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < $3::float8));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(floor(((CAST(EXTRACT(YEAR FROM DATE '2026-11-01') AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM DATE '2026-11-01') AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM DATE '2026-11-01') AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= 10) AND (((CAST(EXTRACT(YEAR FROM DATE '2026-11-01') AS INTEGER) - CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER)) * 12 + CAST(EXTRACT(MONTH FROM DATE '2026-11-01') AS INTEGER) - CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) - CASE WHEN CAST(EXTRACT(DAY FROM DATE '2026-11-01') AS INTEGER) < CAST(EXTRACT(DAY FROM "open_date") AS INTEGER) THEN 1 ELSE 0 END) < 200));

-- year(open_date) = 2020 and month(open_date) = 2
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER) = $1::float8) AND (CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) = $2::float8));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(EXTRACT(YEAR FROM "open_date") AS INTEGER) = 2020) AND (CAST(EXTRACT(MONTH FROM "open_date") AS INTEGER) = 2));

-- coalesce(aum, 0) = 0
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (COALESCE("aum", $1::float8) = $2::float8);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (COALESCE("aum", 0) = 0);

-- min(aum, 100k) = max(age, 1)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" IS NULL) OR ($1::float8 IS NULL) THEN NULL ELSE LEAST("aum", $1::float8) END = CASE WHEN ("age" IS NULL) OR ($2::float8 IS NULL) THEN NULL ELSE GREATEST("age", $2::float8) END);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN ("aum" IS NULL) OR (100000 IS NULL) THEN NULL ELSE LEAST("aum", 100000) END = CASE WHEN ("age" IS NULL) OR (1 IS NULL) THEN NULL ELSE GREATEST("age", 1) END);

-- round(aum / 7, 2) > abs(-3) and floor(age) = ceil(age)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(round(CAST((CAST("aum" AS DOUBLE PRECISION) / NULLIF($1::float8, 0)) AS NUMERIC), CAST($2::float8 AS INTEGER)) AS DOUBLE PRECISION) > abs($3::float8)) AND (floor("age") = ceil("age")));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE ((CAST(round(CAST((CAST("aum" AS DOUBLE PRECISION) / NULLIF(7, 0)) AS NUMERIC), CAST(2 AS INTEGER)) AS DOUBLE PRECISION) > abs(-3)) AND (floor("age") = ceil("age")));

-- log(aum) > exp(1)
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "aum" > 0 THEN ln("aum") END > exp($1::float8));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "aum" > 0 THEN ln("aum") END > exp(1));

-- (if vip_flag then aum else 0) > 1
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "vip_flag" THEN "aum" ELSE $1::float8 END > $2::float8);
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "vip_flag" THEN "aum" ELSE 0 END > 1);

-- bucket(age, [25, 35]) = "<25"
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (CASE WHEN "age" IS NULL THEN NULL WHEN "age" < $1::float8 THEN $2::text WHEN "age" < $3::float8 THEN $4::text ELSE $5::text END = $6::text);
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
WHERE (("default" = $1::text) AND ("select" > $2::float8));
-- inline:
SELECT COUNT(*) AS "c1"
FROM "customers"
WHERE (("default" = 'yes') AND ("select" > 3));

