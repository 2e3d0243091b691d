-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count mobile_active
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p1 AND `seg_r`.`event_time` < :p2) AND (`seg_r`.`event_type` = :p3)) >= :p4);

-- count payroll
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`type` = :p3));

-- count card_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE `has_credit_card`;

-- count fund_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE EXISTS (SELECT 1 FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`product_type` = :p1));

-- count wealth_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE EXISTS (SELECT 1 FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`product_type` IN (:p1, :p2, :p3, :p4)));

-- count has_mortgage
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`loan_balance` > :p1);

-- count digital_only
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`channel` IN (:p3, :p4))) AND (NOT EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`channel` = :p6))));

-- count branch_only
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`channel` = :p3)) AND (NOT EXISTS (SELECT 1 FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p4 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`channel` IN (:p5, :p6)))));

-- count card_active
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`type` = :p3)) >= :p4);
