-- count payroll
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p1) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p2 AND `seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);
-- parameters: 1 = 'payroll', 2 = DATE '2026-09-02', 3 = DATE '2026-11-01'

-- count payroll_idle
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p2) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p3 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`product_type` = :p5) THEN `seg_r`.`balance` END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((COALESCE(`seg_g1`.`a1`, 0) = 1) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p1));
-- parameters: 1 = 100000, 2 = 'payroll', 3 = DATE '2026-09-02', 4 = DATE '2026-11-01', 5 = 'deposit'

-- count cross_sell by risk_level
SELECT `risk_level` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p5) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p6 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`product_type` = :p8) THEN `seg_r`.`balance` END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p9) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p10 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((`risk_level` IN (:p1, :p2, :p3)) AND (COALESCE(`seg_g1`.`a1`, 0) = 1) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p4) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = 100000, 5 = 'payroll', 6 = DATE '2026-09-02', 7 = DATE '2026-11-01', 8 = 'deposit', 9 = 'fund_purchase', 10 = DATE '2026-08-03'

-- explain cross_sell
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p5) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p6 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`product_type` = :p8) THEN `seg_r`.`balance` END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p9) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p10 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((`risk_level` IN (:p1, :p2, :p3)) AND (COALESCE(`seg_g1`.`a1`, 0) = 1) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p4) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)));
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = 100000, 5 = 'payroll', 6 = DATE '2026-09-02', 7 = DATE '2026-11-01', 8 = 'deposit', 9 = 'fund_purchase', 10 = DATE '2026-08-03'

-- export cross_sell to jsonl "out/fund_cross_sell.jsonl" with customer_id, idle_deposits, risk_level
SELECT `customer_id` AS `c1`, COALESCE(`seg_g2`.`a1`, 0) AS `c2`, `risk_level` AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p5) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p6 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`product_type` = :p8) THEN `seg_r`.`balance` END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p9) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p10 AND `seg_r`.`txn_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((`risk_level` IN (:p1, :p2, :p3)) AND (COALESCE(`seg_g1`.`a1`, 0) = 1) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p4) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 'R2', 2 = 'R3', 3 = 'R4', 4 = 100000, 5 = 'payroll', 6 = DATE '2026-09-02', 7 = DATE '2026-11-01', 8 = 'deposit', 9 = 'fund_purchase', 10 = DATE '2026-08-03'

