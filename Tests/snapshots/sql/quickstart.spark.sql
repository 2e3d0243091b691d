-- count vip
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`age` BETWEEN :p2 AND :p3));
-- parameters: 1 = 500000, 2 = 30, 3 = 60

-- count 高净值
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`aum` >= :p1);
-- parameters: 1 = 6000000

-- show vip with customer_id, city, aum order by aum desc limit 10
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`age` BETWEEN :p2 AND :p3))
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = 30, 3 = 60

-- export vip to csv "vip.csv" with customer_id, name, aum
SELECT `customer_id` AS `c1`, `name` AS `c2`, `aum` AS `c3`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`age` BETWEEN :p2 AND :p3))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 30, 3 = 60

