-- aum >= 500k and age between 30 and 60
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`age` BETWEEN :p2 AND :p3));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` >= 500000) AND (`age` BETWEEN 30 AND 60));

-- not (aum > 100k)
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (NOT COALESCE((`aum` > :p1), FALSE));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (NOT COALESCE((`aum` > 100000), FALSE));

-- city in ["上海", "北京"] or city is missing
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`city` IN (:p1, :p2)) OR (`city` IS NULL));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`city` IN ('上海', '北京')) OR (`city` IS NULL));

-- city not in ["上海"]
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`city` NOT IN (:p1));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`city` NOT IN ('上海'));

-- name contains "O'" and name starts with "A" and name ends with "z"
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((instr(`name`, :p1) > 0) AND startswith(`name`, :p2) AND endswith(`name`, :p3));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((instr(`name`, 'O\'') > 0) AND startswith(`name`, 'A') AND endswith(`name`, 'z'));

-- aum / age > 1000
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` / NULLIF(`age`, 0)) > :p1);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` / NULLIF(`age`, 0)) > 1000);

-- -aum + 2 * age < 0
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (((-`aum`) + (:p1 * `age`)) < :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (((-`aum`) + (2 * `age`)) < 0);

-- open_date + 1 month >= 2026-03-31
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (add_months(`open_date`, CAST(:p1 AS INT)) >= :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (add_months(`open_date`, CAST(1 AS INT)) >= DATE '2026-03-31');

-- open_date - 2 weeks < today
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (date_add(`open_date`, CAST(:p1 AS INT)) < :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (date_add(`open_date`, CAST(-14 AS INT)) < DATE '2026-11-01');

-- today - open_date > 365
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (datediff(:p1, `open_date`) > :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (datediff(DATE '2026-11-01', `open_date`) > 365);

-- years_since(open_date) >= 10 and months_since(open_date) < 200
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((CAST(floor(((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= :p2) AND (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p3));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((CAST(floor(((year(DATE '2026-11-01') - year(`open_date`)) * 12 + month(DATE '2026-11-01') - month(`open_date`) - CASE WHEN dayofmonth(DATE '2026-11-01') < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= 10) AND (((year(DATE '2026-11-01') - year(`open_date`)) * 12 + month(DATE '2026-11-01') - month(`open_date`) - CASE WHEN dayofmonth(DATE '2026-11-01') < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < 200));

-- year(open_date) = 2020 and month(open_date) = 2
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((year(`open_date`) = :p1) AND (month(`open_date`) = :p2));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((year(`open_date`) = 2020) AND (month(`open_date`) = 2));

-- coalesce(aum, 0) = 0
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (COALESCE(`aum`, :p1) = :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (COALESCE(`aum`, 0) = 0);

-- min(aum, 100k) = max(age, 1)
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` IS NULL) OR (:p1 IS NULL) THEN NULL ELSE least(`aum`, :p1) END = CASE WHEN (`age` IS NULL) OR (:p2 IS NULL) THEN NULL ELSE greatest(`age`, :p2) END);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` IS NULL) OR (100000 IS NULL) THEN NULL ELSE least(`aum`, 100000) END = CASE WHEN (`age` IS NULL) OR (1 IS NULL) THEN NULL ELSE greatest(`age`, 1) END);

-- round(aum / 7, 2) > abs(-3) and floor(age) = ceil(age)
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((round((`aum` / NULLIF(:p1, 0)), :p2) > abs(:p3)) AND (floor(`age`) = ceil(`age`)));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((round((`aum` / NULLIF(7, 0)), 2) > abs(-3)) AND (floor(`age`) = ceil(`age`)));

-- log(aum) > exp(1)
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `aum` > 0 THEN ln(`aum`) END > exp(:p1));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `aum` > 0 THEN ln(`aum`) END > exp(1));

-- (if vip_flag then aum else 0) > 1
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `vip_flag` THEN `aum` ELSE :p1 END > :p2);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `vip_flag` THEN `aum` ELSE 0 END > 1);

-- bucket(age, [25, 35]) = "<25"
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `age` IS NULL THEN NULL WHEN `age` < :p1 THEN :p2 WHEN `age` < :p3 THEN :p4 ELSE :p5 END = :p6);
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN `age` IS NULL THEN NULL WHEN `age` < 25 THEN '<25' WHEN `age` < 35 THEN '25-35' ELSE '>=35' END = '<25');

-- vip_flag and not vip_flag
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`vip_flag` AND (NOT COALESCE(`vip_flag`, FALSE)));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`vip_flag` AND (NOT COALESCE(`vip_flag`, FALSE)));

-- default = "yes" and select > 3
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`default` = :p1) AND (`select` > :p2));
-- inline:
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`default` = 'yes') AND (`select` > 3));

