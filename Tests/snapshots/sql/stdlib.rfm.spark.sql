-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count all by recency_days
SELECT datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by frequency_180d
SELECT COALESCE(`seg_g1`.`a1`, 0) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by monetary_180d
SELECT COALESCE(`seg_g1`.`a1`, 0) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` IN (:p1, :p2, :p3)) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p4 AND `seg_r`.`txn_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by r_score
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY datediff(:p2, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p2) AND (`seg_r`.`txn_date` IS NOT NULL)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE datediff(:p2, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p2) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NOT NULL)
SELECT (:p1 - `seg_rank1`.`seg_v`) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by f_score
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2)) IS NOT NULL)
SELECT `seg_rank1`.`seg_v` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by m_score
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`type` IN (:p3, :p4, :p5)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) AND (`seg_r`.`type` IN (:p3, :p4, :p5))) IS NOT NULL)
SELECT `seg_rank1`.`seg_v` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

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

-- count rfm_champions
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NOT NULL),
     `seg_rank2` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) IS NOT NULL),
     `seg_rank3` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10))) IS NOT NULL)
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank2` ON `seg_rank2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank3` ON `seg_rank3`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NULL) THEN :p2 WHEN (((:p3 - `seg_rank1`.`seg_v`) >= :p4) AND (`seg_rank2`.`seg_v` >= :p6) AND (`seg_rank3`.`seg_v` >= :p11)) THEN :p12 WHEN (((:p13 - `seg_rank1`.`seg_v`) >= :p14) AND (`seg_rank2`.`seg_v` >= :p15)) THEN :p16 WHEN ((:p17 - `seg_rank1`.`seg_v`) >= :p18) THEN :p19 WHEN (`seg_rank2`.`seg_v` >= :p20) THEN :p21 ELSE :p22 END = :p23);

-- count rfm_at_risk
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NOT NULL),
     `seg_rank2` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) IS NOT NULL),
     `seg_rank3` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10))) IS NOT NULL)
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank2` ON `seg_rank2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank3` ON `seg_rank3`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NULL) THEN :p2 WHEN (((:p3 - `seg_rank1`.`seg_v`) >= :p4) AND (`seg_rank2`.`seg_v` >= :p6) AND (`seg_rank3`.`seg_v` >= :p11)) THEN :p12 WHEN (((:p13 - `seg_rank1`.`seg_v`) >= :p14) AND (`seg_rank2`.`seg_v` >= :p15)) THEN :p16 WHEN ((:p17 - `seg_rank1`.`seg_v`) >= :p18) THEN :p19 WHEN (`seg_rank2`.`seg_v` >= :p20) THEN :p21 ELSE :p22 END = :p23);

-- count rfm_hibernating
WITH `seg_rank1` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NOT NULL),
     `seg_rank2` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) IS NOT NULL),
     `seg_rank3` AS (SELECT `customer_id` AS `seg_k`, (1 + (5 * (RANK() OVER (ORDER BY (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10)))) - 1)) div COUNT(*) OVER ()) AS `seg_v` FROM `customers` WHERE (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p1) AND (`seg_r`.`type` IN (:p8, :p9, :p10))) IS NOT NULL)
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN `seg_rank1` ON `seg_rank1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank2` ON `seg_rank2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN `seg_rank3` ON `seg_rank3`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (datediff(:p1, (SELECT max_by(`seg_r`.`txn_date`, struct(`seg_r`.`txn_date`, `seg_r`.`txn_id`)) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` <= :p1) AND (`seg_r`.`txn_date` IS NOT NULL))) IS NULL) THEN :p2 WHEN (((:p3 - `seg_rank1`.`seg_v`) >= :p4) AND (`seg_rank2`.`seg_v` >= :p6) AND (`seg_rank3`.`seg_v` >= :p11)) THEN :p12 WHEN (((:p13 - `seg_rank1`.`seg_v`) >= :p14) AND (`seg_rank2`.`seg_v` >= :p15)) THEN :p16 WHEN ((:p17 - `seg_rank1`.`seg_v`) >= :p18) THEN :p19 WHEN (`seg_rank2`.`seg_v` >= :p20) THEN :p21 ELSE :p22 END = :p23);
