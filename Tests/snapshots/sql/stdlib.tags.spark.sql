-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count mobile_active
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p2) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) >= :p1);

-- count payroll
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p1) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p2 AND `seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);

-- count card_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE `has_credit_card`;

-- count fund_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` = :p1) THEN 1 ELSE 0 END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p2) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);

-- count wealth_holder
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` IN (:p1, :p2, :p3, :p4)) THEN 1 ELSE 0 END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);

-- count has_mortgage
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`loan_balance` > :p1);

-- count digital_only
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`channel` IN (:p1, :p2)) THEN 1 ELSE 0 END) AS `a1`, MAX(CASE WHEN (`seg_r`.`channel` = :p3) THEN 1 ELSE 0 END) AS `a2` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p4 AND `seg_r`.`txn_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE ((COALESCE(`seg_g1`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g1`.`a2`, 0) = 1)));

-- count branch_only
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`channel` = :p1) THEN 1 ELSE 0 END) AS `a1`, MAX(CASE WHEN (`seg_r`.`channel` IN (:p2, :p3)) THEN 1 ELSE 0 END) AS `a2` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p4 AND `seg_r`.`txn_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE ((COALESCE(`seg_g1`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g1`.`a2`, 0) = 1)));

-- count card_active
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`type` = :p2) THEN 1 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p3 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) >= :p1);
