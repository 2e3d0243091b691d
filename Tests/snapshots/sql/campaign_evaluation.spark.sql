-- evaluate campaign q3_deposit_drive   response = any(transactions where type = "deposit" and amount >= 10k within 30 days after contact)
SELECT `customer_id` AS `c1`, EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p1 AND `seg_r`.`txn_date` < :p2) AND (`seg_r`.`txn_date` <= :p3) AND ((`seg_r`.`type` = :p4) AND (`seg_r`.`amount` >= :p5))) AS `c2`
FROM `customers`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = DATE '2026-12-01', 3 = DATE '2026-11-01', 4 = 'deposit', 5 = 10000

-- evaluate campaign q3_deposit_drive   response = any(transactions where type = "deposit" and amount >= 10k between 2026-08-02 and 2026-08-31)
SELECT `customer_id` AS `c1`, EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`txn_date` <= :p3) AND ((`seg_r`.`type` = :p4) AND (`seg_r`.`amount` >= :p5))) AS `c2`
FROM `customers`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = DATE '2026-08-02', 2 = DATE '2026-08-31', 3 = DATE '2026-11-01', 4 = 'deposit', 5 = 10000

