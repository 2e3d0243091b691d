-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count all by tenure_months
SELECT ((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by txns_90d
SELECT (SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p1 AND `seg_r`.`txn_date` <= :p2)) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by aum_3m_ago
SELECT (SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count all by lifecycle
SELECT CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count lifecycle_new
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);

-- count lifecycle_growing
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);

-- count lifecycle_mature
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);

-- count lifecycle_declining
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);

-- count lifecycle_dormant
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);

-- count lifecycle_churned
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (((year(:p1) - year(`open_date`)) * 12 + month(:p1) - month(`open_date`) - CASE WHEN dayofmonth(:p1) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) < :p2) THEN :p3 WHEN ((`aum` < :p4) AND ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p5 AND `seg_r`.`txn_date` <= :p1)) = :p6)) THEN :p7 WHEN ((SELECT COUNT(*) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p1)) = :p9) THEN :p10 WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p11)) THEN :p12 WHEN (`aum` > ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p13)) THEN :p14 ELSE :p15 END = :p16);
