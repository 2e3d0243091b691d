-- count dormant
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p3 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` >= :p5 AND `seg_r`.`txn_date` <= :p6) AND (`seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g2`.`a1`, 0) > :p2));
-- parameters: 1 = 0, 2 = 0, 3 = DATE '2026-08-03', 4 = DATE '2026-11-01', 5 = DATE '2026-05-01', 6 = DATE '2026-08-02'

-- count reachable
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` >= :p6 AND `seg_r`.`txn_date` <= :p7) AND (`seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(`seg_r`.`contact_date`) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g2`.`a1`, 0) > :p2) AND ((`seg_g3`.`a1` IS NULL) OR (datediff(:p3, `seg_g3`.`a1`) > :p4)));
-- parameters: 1 = 0, 2 = 0, 3 = DATE '2026-11-01', 4 = 30, 5 = DATE '2026-08-03', 6 = DATE '2026-05-01', 7 = DATE '2026-08-02'

-- show reachable with customer_id, city, aum, last_txn, last_contact order by aum desc limit 10
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p3) AND (`seg_r`.`txn_date` IS NOT NULL)) AS `c4`, `seg_g3`.`a1` AS `c5`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` >= :p6 AND `seg_r`.`txn_date` <= :p7) AND (`seg_r`.`txn_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(`seg_r`.`contact_date`) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (COALESCE(`seg_g1`.`a1`, 0) = :p1) AND (COALESCE(`seg_g2`.`a1`, 0) > :p2) AND ((`seg_g3`.`a1` IS NULL) OR (datediff(:p3, `seg_g3`.`a1`) > :p4)))
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 0, 2 = 0, 3 = DATE '2026-11-01', 4 = 30, 5 = DATE '2026-08-03', 6 = DATE '2026-05-01', 7 = DATE '2026-08-02'

