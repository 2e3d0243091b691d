-- campaign q4_vip_retention   priority 10   target vip_at_risk   exclude do_not_disturb   exclude contacted via phone within 14 days   cap 2 contacts per 30 days   holdout 10% seed "q4-2026"   rank by aum_3m_ago - aum desc   limit 3 per branch_id   limit 60   channel phone   export to list with customer_id, name, phone, aum, group, rank
SELECT `customer_id` AS `c1`, :p7 AS `c2`, `do_not_disturb` AS `c3`, EXISTS (SELECT 1 FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p8 AND `seg_r`.`contact_date` <= :p9) AND (`seg_r`.`channel` = :p10)) AS `c4`, (SELECT COUNT(*) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p11 AND `seg_r`.`contact_date` <= :p9)) AS `c5`, ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) - `aum`) AS `c6`, `branch_id` AS `c7`, `name` AS `c8`, `phone` AS `c9`, `aum` AS `c10`
FROM `customers`
WHERE ((`aum` >= :p1) AND ((`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) OR ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) = :p6)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.8, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 0, 7 = TRUE, 8 = DATE '2026-10-18', 9 = DATE '2026-11-01', 10 = 'phone', 11 = DATE '2026-10-02'

-- explain q4_vip_retention for customer 10338
SELECT `customer_id` AS `c1`, ((`aum` >= :p6) AND ((`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p7)) OR ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p8 AND `seg_r`.`event_time` < :p9) AND (`seg_r`.`event_type` = :p10)) = :p11))) AS `c2`, `do_not_disturb` AS `c3`, EXISTS (SELECT 1 FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p2 AND `seg_r`.`contact_date` <= :p3) AND (`seg_r`.`channel` = :p4)) AS `c4`, (SELECT COUNT(*) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p5 AND `seg_r`.`contact_date` <= :p3)) AS `c5`, ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) - `aum`) AS `c6`, `branch_id` AS `c7`, `name` AS `c8`, `phone` AS `c9`, `aum` AS `c10`
FROM `customers`
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = TRUE, 2 = DATE '2026-10-18', 3 = DATE '2026-11-01', 4 = 'phone', 5 = DATE '2026-10-02', 6 = 500000, 7 = 0.8, 8 = DATE '2026-10-03', 9 = DATE '2026-11-02', 10 = 'login', 11 = 0

-- count in list q4_vip_retention by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (CAST(`customer_id` AS STRING) IN (SELECT `member_key` FROM `seg_list_members` WHERE `name` = :p1 AND `version` = (SELECT MAX(`version`) FROM `seg_lists` WHERE `name` = :p2)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 'q4_vip_retention', 2 = 'q4_vip_retention'

