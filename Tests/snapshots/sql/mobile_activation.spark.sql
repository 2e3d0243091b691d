-- count mobile_banking
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE `mobile_banking`;

-- count medium_activity
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p3) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p4 AND `seg_r`.`event_time` < :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (`mobile_banking` AND (COALESCE(`seg_g1`.`a1`, 0) BETWEEN :p1 AND :p2));
-- parameters: 1 = 1, 2 = 3, 3 = 'login', 4 = DATE '2026-10-03', 5 = DATE '2026-11-02'

-- count activation_target by channel_pref
SELECT `channel_pref` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p4) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p5 AND `seg_r`.`event_time` < :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`type` = :p7) THEN 1 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (`mobile_banking` AND (NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) BETWEEN :p1 AND :p2) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p3))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 1, 2 = 3, 3 = 3, 4 = 'login', 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'card_spend', 8 = DATE '2026-08-03', 9 = DATE '2026-11-01'

-- export activation_target to csv "out/mobile_activation.csv" with customer_id, logins_30d, card_spend_90d
SELECT `customer_id` AS `c1`, COALESCE(`seg_g1`.`a1`, 0) AS `c2`, COALESCE(`seg_g2`.`a1`, 0) AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p4) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p5 AND `seg_r`.`event_time` < :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`type` = :p7) THEN 1 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (`mobile_banking` AND (NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) BETWEEN :p1 AND :p2) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p3))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 1, 2 = 3, 3 = 3, 4 = 'login', 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'card_spend', 8 = DATE '2026-08-03', 9 = DATE '2026-11-01'

