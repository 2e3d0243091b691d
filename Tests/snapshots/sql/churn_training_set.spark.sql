-- export active to csv "out/churn_training.csv"   with customer_id, logins_30d, withdrawals_90d, payroll_90d, count(transactions within 30 days)   as of [2026-06-30, 2026-07-31, 2026-08-31]   label churned = not any(transactions within 60 days) after 60 days
SELECT `customer_id` AS `c1`, COALESCE(`seg_g2`.`a1`, 0) AS `c2`, COALESCE(`seg_g1`.`a2`, 0) AS `c3`, COALESCE(`seg_g1`.`a3`, 0) AS `c4`, COALESCE(`seg_g3`.`a1`, 0) AS `c5`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1`, SUM(CASE WHEN (`seg_r`.`type` = :p1) THEN `seg_r`.`amount` END) AS `a2`, COUNT(CASE WHEN (`seg_r`.`type` = :p2) THEN 1 END) AS `a3` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p3 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1)
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 'withdrawal', 2 = 'payroll', 3 = DATE '2026-08-03', 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02', 8 = DATE '2026-10-02'

