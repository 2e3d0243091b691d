-- count responded_wealth
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`campaign` = :p1) AND (`seg_r`.`outcome` IN (:p2, :p3))) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);
-- parameters: 1 = 'q3_wealth_upsell', 2 = 'interested', 3 = 'converted', 4 = DATE '2026-11-01'

-- count wealth_target by risk_level
SELECT `risk_level` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`campaign` = :p3) AND (`seg_r`.`outcome` IN (:p4, :p5))) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p7) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p8 AND `seg_r`.`txn_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` IN (:p9, :p10, :p11, :p12)) THEN 1 ELSE 0 END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p13 AND `seg_r`.`contact_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g4` ON `seg_g4`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p14 AND `seg_r`.`contact_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g5` ON `seg_g5`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`campaign` = :p15) AND (`seg_r`.`outcome` = :p16)) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p17 AND `seg_r`.`contact_date` <= :p6) GROUP BY `seg_r`.`customer_id`) AS `seg_g6` ON `seg_g6`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND ((COALESCE(`seg_g1`.`a1`, 0) = 1) OR ((`aum` >= :p1) AND (NOT (COALESCE(`seg_g1`.`a1`, 0) = 1)) AND (COALESCE(`seg_g2`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)))) AND (NOT (COALESCE(`seg_g4`.`a1`, 0) = 1)) AND (COALESCE(`seg_g5`.`a1`, 0) < :p2) AND (NOT (COALESCE(`seg_g6`.`a1`, 0) = 1)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = 2, 3 = 'q3_wealth_upsell', 4 = 'interested', 5 = 'converted', 6 = DATE '2026-11-01', 7 = 'payroll', 8 = DATE '2026-09-02', 9 = 'wealth', 10 = 'fund', 11 = 'insurance', 12 = 'bond', 13 = DATE '2026-10-18', 14 = DATE '2026-10-02', 15 = 'q3_wealth_upsell', 16 = 'declined', 17 = DATE '2026-08-03'

-- profile wealth_target by occupation vs all
SELECT `occupation` AS `c1`, SUM(CASE WHEN ((NOT `do_not_disturb`) AND ((COALESCE(`seg_g1`.`a1`, 0) = 1) OR ((`aum` >= :p1) AND (NOT (COALESCE(`seg_g1`.`a1`, 0) = 1)) AND (COALESCE(`seg_g2`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)))) AND (NOT (COALESCE(`seg_g4`.`a1`, 0) = 1)) AND (COALESCE(`seg_g5`.`a1`, 0) < :p2) AND (NOT (COALESCE(`seg_g6`.`a1`, 0) = 1))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN :p3 THEN 1 ELSE 0 END) AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`campaign` = :p6) AND (`seg_r`.`outcome` IN (:p7, :p8))) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`type` = :p10) THEN 1 ELSE 0 END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p11 AND `seg_r`.`txn_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`product_type` IN (:p12, :p13, :p14, :p15)) THEN 1 ELSE 0 END) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p16 AND `seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g4` ON `seg_g4`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p17 AND `seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g5` ON `seg_g5`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN ((`seg_r`.`campaign` = :p18) AND (`seg_r`.`outcome` = :p19)) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p20 AND `seg_r`.`contact_date` <= :p9) GROUP BY `seg_r`.`customer_id`) AS `seg_g6` ON `seg_g6`.`seg_k` = `customers`.`customer_id`
WHERE (((NOT `do_not_disturb`) AND ((COALESCE(`seg_g1`.`a1`, 0) = 1) OR ((`aum` >= :p4) AND (NOT (COALESCE(`seg_g1`.`a1`, 0) = 1)) AND (COALESCE(`seg_g2`.`a1`, 0) = 1) AND (NOT (COALESCE(`seg_g3`.`a1`, 0) = 1)))) AND (NOT (COALESCE(`seg_g4`.`a1`, 0) = 1)) AND (COALESCE(`seg_g5`.`a1`, 0) < :p5) AND (NOT (COALESCE(`seg_g6`.`a1`, 0) = 1))) OR :p3)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 100000, 2 = 2, 3 = TRUE, 4 = 100000, 5 = 2, 6 = 'q3_wealth_upsell', 7 = 'interested', 8 = 'converted', 9 = DATE '2026-11-01', 10 = 'payroll', 11 = DATE '2026-09-02', 12 = 'wealth', 13 = 'fund', 14 = 'insurance', 15 = 'bond', 16 = DATE '2026-10-18', 17 = DATE '2026-10-02', 18 = 'q3_wealth_upsell', 19 = 'declined', 20 = DATE '2026-08-03'

