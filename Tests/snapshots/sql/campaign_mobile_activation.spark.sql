-- campaign mobile_activation_nov   target medium_activity   exclude do_not_disturb   exclude contacted via sms within 7 days   cap 1 contacts via sms per 30 days   holdout 5% seed "mobile-nov-2026"   rank by logins_30d desc   channel sms   export to csv "out/mobile_activation_nov.csv" with customer_id, phone, logins_30d, group, rank
SELECT `customer_id` AS `c1`, :p3 AS `c2`, `do_not_disturb` AS `c3`, (COALESCE(`seg_g2`.`a1`, 0) = 1) AS `c4`, COALESCE(`seg_g3`.`a1`, 0) AS `c5`, COALESCE(`seg_g1`.`a1`, 0) AS `c6`, `phone` AS `c7`, COALESCE(`seg_g1`.`a1`, 0) AS `c8`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p4) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p5 AND `seg_r`.`event_time` < :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`channel` = :p7) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p8 AND `seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`channel` = :p10) THEN 1 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p11 AND `seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE (`mobile_banking` AND (COALESCE(`seg_g1`.`a1`, 0) BETWEEN :p1 AND :p2))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 1, 2 = 3, 3 = TRUE, 4 = 'login', 5 = DATE '2026-10-03', 6 = DATE '2026-11-02', 7 = 'sms', 8 = DATE '2026-10-25', 9 = DATE '2026-11-01', 10 = 'sms', 11 = DATE '2026-10-02'

