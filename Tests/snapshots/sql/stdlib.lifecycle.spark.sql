-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count all by tenure_months
SELECT ((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by txns_90d
SELECT COALESCE(`seg_g1`.`a1`, 0) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by aum_3m_ago
SELECT COALESCE(`seg_g1`.`a1`, 0) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by lifecycle
SELECT CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p14 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count lifecycle_new
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);

-- count lifecycle_growing
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);

-- count lifecycle_mature
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);

-- count lifecycle_declining
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);

-- count lifecycle_dormant
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);

-- count lifecycle_churned
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p15 AND `seg_r`.`txn_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p1) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND (COALESCE(`seg_g1`.`a1`, 0) = :p5)) THEN :p6 WHEN (COALESCE(`seg_g1`.`a1`, 0) = :p7) THEN :p8 WHEN (`aum` < (COALESCE(`seg_g2`.`a1`, 0) * :p9)) THEN :p10 WHEN (`aum` > (COALESCE(`seg_g2`.`a1`, 0) * :p11)) THEN :p12 ELSE :p13 END = :p14);
