-- build tags stdlib.rfm, stdlib.tags
-- runs the tag store's queries when the run commits: `seg tags build MODULE… --sql` prints them

-- count all by rfm_group
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NOT NULL),
     `seg_rank2` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) IS NOT NULL),
     `seg_rank3` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10))) IS NOT NULL)
SELECT CASE WHEN (datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NULL) THEN :p2 WHEN (((:p3 - `seg_rank1`.`seg_v`) >= :p4) AND (`seg_rank2`.`seg_v` >= :p6) AND (`seg_rank3`.`seg_v` >= :p11)) THEN :p12 WHEN (((:p13 - `seg_rank1`.`seg_v`) >= :p14) AND (`seg_rank2`.`seg_v` >= :p15)) THEN :p16 WHEN ((:p17 - `seg_rank1`.`seg_v`) >= :p18) THEN :p19 WHEN (`seg_rank2`.`seg_v` >= :p20) THEN :p21 ELSE :p22 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank2` ON `seg_rank2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank3` ON `seg_rank3`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = DATE '2026-11-01', 2 = 'inactive', 3 = 6, 4 = 4, 5 = DATE '2026-05-05', 6 = 4, 7 = DATE '2026-05-05', 8 = 'deposit', 9 = 'payroll', 10 = 'fund_purchase', 11 = 4, 12 = 'champions', 13 = 6, 14 = 3, 15 = 3, 16 = 'loyal', 17 = 6, 18 = 4, 19 = 'potential', 20 = 3, 21 = 'at_risk', 22 = 'hibernating'

