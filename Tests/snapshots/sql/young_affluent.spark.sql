-- count young_affluent
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`age` <= :p1) AND (`aum` >= :p2));
-- parameters: 1 = 35, 2 = 200000

-- count mobile_first
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`age` <= :p1) AND (`aum` >= :p2) AND `mobile_banking` AND (`channel_pref` IN (:p3, :p4)));
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

-- count mobile_first by age_band
SELECT CASE WHEN `age` IS NULL THEN NULL WHEN `age` < :p5 THEN :p6 WHEN `age` < :p7 THEN :p8 WHEN `age` < :p9 THEN :p10 ELSE :p11 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE ((`age` <= :p1) AND (`aum` >= :p2) AND `mobile_banking` AND (`channel_pref` IN (:p3, :p4)))
GROUP BY 1
ORDER BY MIN(`age`) ASC NULLS LAST;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat', 5 = 25, 6 = '<25', 7 = 30, 8 = '25-30', 9 = 35, 10 = '30-35', 11 = '>=35'

-- show mobile_first with customer_id, age, city, aum, channel_pref order by aum desc limit 10
SELECT `customer_id` AS `c1`, `age` AS `c2`, `city` AS `c3`, `aum` AS `c4`, `channel_pref` AS `c5`
FROM `customers`
WHERE ((`age` <= :p1) AND (`aum` >= :p2) AND `mobile_banking` AND (`channel_pref` IN (:p3, :p4)))
ORDER BY 4 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

-- export mobile_first to jsonl "out/mobile_first.jsonl" with customer_id, age, city, aum
SELECT `customer_id` AS `c1`, `age` AS `c2`, `city` AS `c3`, `aum` AS `c4`
FROM `customers`
WHERE ((`age` <= :p1) AND (`aum` >= :p2) AND `mobile_banking` AND (`channel_pref` IN (:p3, :p4)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 35, 2 = 200000, 3 = 'mobile', 4 = 'wechat'

