-- campaign q4_deposit_engaged   target aum >= 5万 and mobile_banking and logins_30d >= 2   exclude do_not_disturb   exclude contacted within 14 days   holdout 10% seed "q4-deposit"   rank by engagement_score desc   channel phone   export to list with customer_id, engagement_score
SELECT `customer_id` AS `c1`, :p3 AS `c2`, `do_not_disturb` AS `c3`, (COALESCE(`seg_g2`.`a1`, 0) = 1) AS `c4`, (COALESCE(`seg_g1`.`a1`, 0) + ((:p4 - `age`) / NULLIF(:p5, 0))) AS `c5`, (COALESCE(`seg_g1`.`a1`, 0) + ((:p6 - `age`) / NULLIF(:p7, 0))) AS `c6`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p8) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p9 AND `seg_r`.`event_time` < :p10) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p11 AND `seg_r`.`contact_date` <= :p12) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND `mobile_banking` AND (COALESCE(`seg_g1`.`a1`, 0) >= :p2))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 50000, 2 = 2, 3 = TRUE, 4 = 60, 5 = 10, 6 = 60, 7 = 10, 8 = 'login', 9 = DATE '2026-10-03', 10 = DATE '2026-11-02', 11 = DATE '2026-10-18', 12 = DATE '2026-11-01'

