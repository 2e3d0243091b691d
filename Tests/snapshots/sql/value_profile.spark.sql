-- count all by value_tier
SELECT CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass'

-- count high_net_worth by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'high_net_worth'

-- count high_net_worth by mobile_active, payroll
SELECT (COALESCE(`seg_g1`.`a1`, 0) >= :p9) AS `c1`, (COALESCE(`seg_g2`.`a1`, 0) = 1) AS `c2`, COUNT(*) AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p10) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p11 AND `seg_r`.`event_time` < :p12) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p13) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p14 AND `seg_r`.`txn_date` <= :p15) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8)
GROUP BY 1, 2
ORDER BY 1 ASC NULLS LAST, 2 ASC NULLS LAST;
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'high_net_worth', 9 = 4, 10 = 'login', 11 = DATE '2026-10-03', 12 = DATE '2026-11-02', 13 = 'payroll', 14 = DATE '2026-09-02', 15 = DATE '2026-11-01'

-- count private_banking and not fund_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` = :p9) THEN 1 ELSE 0 END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p10) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE ((CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8) AND (NOT (COALESCE(`seg_g1`.`a1`, 0) = 1)));
-- parameters: 1 = 6000000, 2 = 'private_banking', 3 = 500000, 4 = 'high_net_worth', 5 = 50000, 6 = 'affluent', 7 = 'mass', 8 = 'private_banking', 9 = 'fund', 10 = DATE '2026-11-01'

