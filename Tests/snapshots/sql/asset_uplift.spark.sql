-- count basic_only
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`status` = :p3) THEN 1 END) AS `a1`, COUNT(CASE WHEN (`seg_r`.`status` = :p4) THEN 1 END) AS `a2` FROM `accounts` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE ((COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g1`.`a2`, 0) >= :p2));
-- parameters: 1 = 0, 2 = 1, 3 = 'effective', 4 = 'basic', 5 = DATE '2026-11-01'

-- count uplift_target by channel_pref
SELECT `channel_pref` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`status` = :p4) THEN 1 END) AS `a1`, COUNT(CASE WHEN (`seg_r`.`status` = :p5) THEN 1 END) AS `a2` FROM `accounts` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` IN (:p7, :p8)) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p9 AND `seg_r`.`txn_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g1`.`a2`, 0) >= :p2) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p3))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 0, 2 = 1, 3 = 5000, 4 = 'effective', 5 = 'basic', 6 = DATE '2026-11-01', 7 = 'deposit', 8 = 'payroll', 9 = DATE '2026-08-03'

-- show uplift_target with customer_id, city, aum, inflow_90d order by inflow_90d desc limit 5
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, COALESCE(`seg_g2`.`a1`, 0) AS `c4`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`status` = :p4) THEN 1 END) AS `a1`, COUNT(CASE WHEN (`seg_r`.`status` = :p5) THEN 1 END) AS `a2` FROM `accounts` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` IN (:p7, :p8)) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p9 AND `seg_r`.`txn_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g1`.`a2`, 0) >= :p2) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p3))
ORDER BY 4 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 0, 2 = 1, 3 = 5000, 4 = 'effective', 5 = 'basic', 6 = DATE '2026-11-01', 7 = 'deposit', 8 = 'payroll', 9 = DATE '2026-08-03'

-- export uplift_target to list with customer_id, inflow_90d
SELECT `customer_id` AS `c1`, COALESCE(`seg_g2`.`a1`, 0) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`status` = :p4) THEN 1 END) AS `a1`, COUNT(CASE WHEN (`seg_r`.`status` = :p5) THEN 1 END) AS `a2` FROM `accounts` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` IN (:p7, :p8)) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p9 AND `seg_r`.`txn_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g1`.`a2`, 0) >= :p2) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p3))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 0, 2 = 1, 3 = 5000, 4 = 'effective', 5 = 'basic', 6 = DATE '2026-11-01', 7 = 'deposit', 8 = 'payroll', 9 = DATE '2026-08-03'

