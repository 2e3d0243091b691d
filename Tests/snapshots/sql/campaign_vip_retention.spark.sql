-- campaign q4_vip_retention   priority 10   target vip_at_risk   exclude do_not_disturb   exclude contacted via phone within 14 days   cap 2 contacts per 30 days   holdout 10% seed "q4-2026"   rank by aum_3m_ago - aum desc   limit 3 per branch_id   limit 60   channel phone   export to list with customer_id, name, phone, aum, group, rank
SELECT `customer_id` AS `c1`, :p4 AS `c2`, `do_not_disturb` AS `c3`, (COALESCE(`seg_g3`.`a1`, 0) = 1) AS `c4`, COALESCE(`seg_g4`.`a1`, 0) AS `c5`, (COALESCE(`seg_g1`.`a1`, 0) - `aum`) AS `c6`, `branch_id` AS `c7`, `name` AS `c8`, `phone` AS `c9`, `aum` AS `c10`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p6) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p7 AND `seg_r`.`event_time` < :p8) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`channel` = :p9) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p10 AND `seg_r`.`contact_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p11 AND `seg_r`.`contact_date` <= :p5) GROUP BY `seg_r`.`customer_id`) AS `seg_g4` ON `seg_g4`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND ((`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) OR (COALESCE(`seg_g2`.`a1`, 0) = :p3)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.8, 3 = 0, 4 = TRUE, 5 = DATE '2026-11-01', 6 = 'login', 7 = DATE '2026-10-03', 8 = DATE '2026-11-02', 9 = 'phone', 10 = DATE '2026-10-18', 11 = DATE '2026-10-02'

-- explain q4_vip_retention for customer 10338
SELECT `customer_id` AS `c1`, ((`aum` >= :p2) AND ((`aum` < (COALESCE(`seg_g3`.`a1`, 0) * :p3)) OR (COALESCE(`seg_g4`.`a1`, 0) = :p4))) AS `c2`, `do_not_disturb` AS `c3`, (COALESCE(`seg_g1`.`a1`, 0) = 1) AS `c4`, COALESCE(`seg_g2`.`a1`, 0) AS `c5`, (COALESCE(`seg_g3`.`a1`, 0) - `aum`) AS `c6`, `branch_id` AS `c7`, `name` AS `c8`, `phone` AS `c9`, `aum` AS `c10`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`channel` = :p5) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p6 AND `seg_r`.`contact_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p8 AND `seg_r`.`contact_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p9) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p10 AND `seg_r`.`event_time` < :p11) GROUP BY `seg_r`.`customer_id`) AS `seg_g4` ON `seg_g4`.`seg_k` = `customers`.`customer_id`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = TRUE, 2 = 500000, 3 = 0.8, 4 = 0, 5 = 'phone', 6 = DATE '2026-10-18', 7 = DATE '2026-11-01', 8 = DATE '2026-10-02', 9 = 'login', 10 = DATE '2026-10-03', 11 = DATE '2026-11-02'

-- count in list q4_vip_retention by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p1 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p2)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'q4_vip_retention', 2 = 'q4_vip_retention'

