-- evaluate campaign q3_deposit_drive   response = any(transactions where type = "deposit" and amount >= 1万 within 30 days after contact)   by decile(engagement_score)
SELECT `customer_id` AS `c1`, EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p1 AND `seg_r`.`txn_date` < :p2) AND (`seg_r`.`txn_date` <= :p3) AND ((`seg_r`.`type` = :p4) AND (`seg_r`.`amount` >= :p5))) AS `c2`
FROM `customers`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '2026-12-01', 3 = DATE '2026-11-01', 4 = 'deposit', 5 = 10000

-- evaluate campaign q3_deposit_drive   on sum(transactions.amount where type = "deposit" within 30 days after contact)   adjusted by sum(transactions.amount where type = "deposit" within 90 days before contact)
SELECT `customer_id` AS `c1`, (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p1 AND `seg_r`.`txn_date` < :p2) AND (`seg_r`.`txn_date` <= :p3) AND (`seg_r`.`type` = :p4)) AS `c2`, (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p5 AND `seg_r`.`txn_date` < :p6) AND (`seg_r`.`txn_date` <= :p3) AND (`seg_r`.`type` = :p7)) AS `c3`
FROM `customers`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '2026-12-01', 3 = DATE '2026-11-01', 4 = 'deposit', 5 = DATE '2026-08-03', 6 = DATE '2026-11-01', 7 = 'deposit'

-- plan campaign q4_deposit_engaged   response = any(transactions where type = "deposit" and amount >= 1万 within 30 days after contact)   uplift 8%
SELECT `customer_id` AS `c1`, (COALESCE(`seg_g2`.`a1`, 0) = 1) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p3) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p4 AND `seg_r`.`event_time` < :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`type` = :p6) AND (`seg_r`.`amount` >= :p7)) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` >= :p8 AND `seg_r`.`txn_date` < :p9) AND (`seg_r`.`txn_date` <= :p10) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND `mobile_banking` AND (COALESCE(`seg_g1`.`a1`, 0) >= :p2))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 50000, 2 = 2, 3 = 'login', 4 = DATE '2026-10-03', 5 = DATE '2026-11-02', 6 = 'deposit', 7 = 10000, 8 = DATE '2026-11-01', 9 = DATE '2026-12-01', 10 = DATE '2026-11-01'

