-- campaign fund_cross_sell   priority 20   target payroll and idle_deposits   exclude do_not_disturb   holdout 10% seed "fund-2026q4"   rank by deposit_balance_now desc   limit 150   channel app_push
SELECT `customer_id` AS `c1`, :p2 AS `c2`, `do_not_disturb` AS `c3`, COALESCE(`seg_g2`.`a2`, 0) AS `c4`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p3) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p4 AND `seg_r`.`txn_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` = :p6) THEN 1 ELSE 0 END) AS `a1`, SUM(CASE WHEN (`seg_r`.`product_type` IN (:p7, :p8)) THEN `seg_r`.`balance` END) AS `a2` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`deposit_balance` >= :p1) AND (COALESCE(`seg_g1`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) = 1)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = TRUE, 3 = 'payroll', 4 = DATE '2026-09-02', 5 = DATE '2026-11-01', 6 = 'fund', 7 = 'deposit', 8 = 'time_deposit'

-- campaign deposit_retention_q4   priority 5   target deposit_balance_now >= 5万   exclude do_not_disturb   holdout 10% seed "deposit-2026q4"   limit 200   channel phone
SELECT `customer_id` AS `c1`, :p2 AS `c2`, `do_not_disturb` AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`product_type` IN (:p3, :p4)) THEN `seg_r`.`balance` END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) >= :p1)
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 50000, 2 = TRUE, 3 = 'deposit', 4 = 'time_deposit', 5 = DATE '2026-11-01'

-- overlap in list fund_cross_sell, in list deposit_retention_q4
SELECT SUM(CASE WHEN (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p1 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p2))) THEN 1 ELSE 0 END) AS `c1`, SUM(CASE WHEN ((CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p3 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p4))) AND (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p5 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p6)))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p7 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p8))) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`;
-- parameters: 1 = 'fund_cross_sell', 2 = 'fund_cross_sell', 3 = 'fund_cross_sell', 4 = 'fund_cross_sell', 5 = 'deposit_retention_q4', 6 = 'deposit_retention_q4', 7 = 'deposit_retention_q4', 8 = 'deposit_retention_q4'

