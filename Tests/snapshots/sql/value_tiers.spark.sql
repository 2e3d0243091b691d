-- count all by value_tier
SELECT CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = '私人银行', 3 = 500000, 4 = '财富', 5 = 50000, 6 = '贵宾', 7 = '大众'

-- count private_banking by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = '私人银行', 3 = 500000, 4 = '财富', 5 = 50000, 6 = '贵宾', 7 = '大众', 8 = '私人银行'

-- count wealth by risk_level
SELECT `risk_level` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = '私人银行', 3 = 500000, 4 = '财富', 5 = 50000, 6 = '贵宾', 7 = '大众', 8 = '财富'

-- assert count wealth >= 1
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8);
-- parameters: 1 = 6000000, 2 = '私人银行', 3 = 500000, 4 = '财富', 5 = 50000, 6 = '贵宾', 7 = '大众', 8 = '财富'

-- show private_banking with customer_id, city, aum, risk_level order by aum desc limit 5
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, `risk_level` AS `c4`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8)
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 6000000, 2 = '私人银行', 3 = 500000, 4 = '财富', 5 = 50000, 6 = '贵宾', 7 = '大众', 8 = '私人银行'

