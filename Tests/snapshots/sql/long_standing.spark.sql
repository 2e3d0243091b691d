-- count near_retirement
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`age` BETWEEN :p1 AND :p2) AND (CAST(floor(((year(:p3) - year(`open_date`)) * 12 + month(:p3) - month(`open_date`) - CASE WHEN dayofmonth(:p3) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= :p4));
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10

-- count planning_prospects by occupation
SELECT `occupation` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE ((`age` BETWEEN :p1 AND :p2) AND (CAST(floor(((year(:p3) - year(`open_date`)) * 12 + month(:p3) - month(`open_date`) - CASE WHEN dayofmonth(:p3) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= :p4) AND (`annual_income` IS NOT NULL) AND ((`wealth_balance` < :p5) OR (`loan_balance` = :p6)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10, 5 = 200000, 6 = 0

-- show planning_prospects with customer_id, name, age, open_date, aum order by open_date limit 10
SELECT `customer_id` AS `c1`, `name` AS `c2`, `age` AS `c3`, `open_date` AS `c4`, `aum` AS `c5`
FROM `customers`
WHERE ((`age` BETWEEN :p1 AND :p2) AND (CAST(floor(((year(:p3) - year(`open_date`)) * 12 + month(:p3) - month(`open_date`) - CASE WHEN dayofmonth(:p3) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) >= :p4) AND (`annual_income` IS NOT NULL) AND ((`wealth_balance` < :p5) OR (`loan_balance` = :p6)))
ORDER BY 4 ASC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 50, 2 = 59, 3 = DATE '2026-11-01', 4 = 10, 5 = 200000, 6 = 0

