-- campaign fund_cross_sell   priority 20   target payroll and idle_deposits   exclude do_not_disturb   holdout 10% seed "fund-2026q4"   rank by deposit_balance_now desc   limit 150   channel app_push
SELECT `customer_id` AS `c1`, :p6 AS `c2`, `do_not_disturb` AS `c3`, (SELECT COALESCE(SUM(`seg_r`.`balance`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`product_type` IN (:p7, :p8))) AS `c4`
FROM `customers`
WHERE ((`deposit_balance` >= :p1) AND EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p2 AND `seg_r`.`txn_date` <= :p3) AND (`seg_r`.`type` = :p4)) AND (NOT EXISTS (SELECT 1 FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`product_type` = :p5))))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = DATE '2026-09-02', 3 = DATE '2026-11-01', 4 = 'payroll', 5 = 'fund', 6 = TRUE, 7 = 'deposit', 8 = 'time_deposit'

-- campaign deposit_retention_q4   priority 5   target deposit_balance_now >= 5万   exclude do_not_disturb   holdout 10% seed "deposit-2026q4"   limit 200   channel phone
SELECT `customer_id` AS `c1`, :p4 AS `c2`, `do_not_disturb` AS `c3`
FROM `customers`
WHERE ((SELECT COALESCE(SUM(`seg_r`.`balance`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`product_type` IN (:p1, :p2))) >= :p3)
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 'deposit', 2 = 'time_deposit', 3 = 50000, 4 = TRUE

-- overlap in list fund_cross_sell, in list deposit_retention_q4
SELECT SUM(CASE WHEN (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p1 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p2))) THEN 1 ELSE 0 END) AS `c1`, SUM(CASE WHEN ((CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p3 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p4))) AND (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p5 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p6)))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p7 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p8))) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`;
-- parameters: 1 = 'fund_cross_sell', 2 = 'fund_cross_sell', 3 = 'fund_cross_sell', 4 = 'fund_cross_sell', 5 = 'deposit_retention_q4', 6 = 'deposit_retention_q4', 7 = 'deposit_retention_q4', 8 = 'deposit_retention_q4'

