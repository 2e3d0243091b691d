-- count dormant
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2)) = :p3) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p4 AND `seg_r`.`txn_date` <= :p5)) > :p6));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0

-- count reachable
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((NOT `do_not_disturb`) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2)) = :p3) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p4 AND `seg_r`.`txn_date` <= :p5)) > :p6) AND (((SELECT MAX(`seg_r`.`contact_date`) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) IS NULL) OR (datediff(:p2, (SELECT MAX(`seg_r`.`contact_date`) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`)) > :p7)));
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0, 7 = 30

-- show reachable with customer_id, city, aum, last_txn, last_contact order by aum desc limit 10
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` IS NOT NULL)) AS `c4`, (SELECT MAX(`seg_r`.`contact_date`) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) AS `c5`
FROM `customers`
WHERE ((NOT `do_not_disturb`) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2)) = :p3) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` >= :p4 AND `seg_r`.`txn_date` <= :p5)) > :p6) AND (((SELECT MAX(`seg_r`.`contact_date`) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) IS NULL) OR (datediff(:p2, (SELECT MAX(`seg_r`.`contact_date`) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`)) > :p7)))
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = DATE '2026-08-03', 2 = DATE '2026-11-01', 3 = 0, 4 = DATE '2026-05-01', 5 = DATE '2026-08-02', 6 = 0, 7 = 30

