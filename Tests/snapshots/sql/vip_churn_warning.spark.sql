-- count vip
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`aum` >= :p1);
-- parameters: 1 = 500000

-- count vip_at_risk
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02'

-- count vip_at_risk by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02'

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT `channel_pref` AS `c1`, SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (`aum` >= :p4) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p8) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p9) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p10 AND `seg_r`.`event_time` < :p11) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (((`aum` >= :p5) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p6)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p7))) OR (`aum` >= :p4))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = 500000, 5 = 500000, 6 = 0.7, 7 = 4, 8 = DATE '2026-11-01', 9 = 'login', 10 = DATE '2026-10-03', 11 = DATE '2026-11-02'

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT `risk_level` AS `c1`, SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (`aum` >= :p4) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p8) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p9) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p10 AND `seg_r`.`event_time` < :p11) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE (((`aum` >= :p5) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p6)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p7))) OR (`aum` >= :p4))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = 500000, 5 = 500000, 6 = 0.7, 7 = 4, 8 = DATE '2026-11-01', 9 = 'login', 10 = DATE '2026-10-03', 11 = DATE '2026-11-02'

-- overlap vip_at_risk, mobile_active, declining
SELECT SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3))) THEN 1 ELSE 0 END) AS `c1`, SUM(CASE WHEN (((`aum` >= :p4) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p5)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p6))) AND (COALESCE(`seg_g2`.`a1`, 0) >= :p7)) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (((`aum` >= :p8) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p9)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p10))) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p11))) THEN 1 ELSE 0 END) AS `c3`, SUM(CASE WHEN (COALESCE(`seg_g2`.`a1`, 0) >= :p12) THEN 1 ELSE 0 END) AS `c4`, SUM(CASE WHEN ((COALESCE(`seg_g2`.`a1`, 0) >= :p13) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p14))) THEN 1 ELSE 0 END) AS `c5`, SUM(CASE WHEN (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p15)) THEN 1 ELSE 0 END) AS `c6`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p16) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p17) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p18 AND `seg_r`.`event_time` < :p19) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = 500000, 5 = 0.7, 6 = 4, 7 = 4, 8 = 500000, 9 = 0.7, 10 = 4, 11 = 0.7, 12 = 4, 13 = 4, 14 = 0.7, 15 = 0.7, 16 = DATE '2026-11-01', 17 = 'login', 18 = DATE '2026-10-03', 19 = DATE '2026-11-02'

-- show vip_at_risk with customer_id, city, aum, aum_3m_ago, withdrawn_90d order by aum desc limit 10
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, COALESCE(`seg_g1`.`a1`, 0) AS `c4`, COALESCE(`seg_g3`.`a1`, 0) AS `c5`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` = :p8) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p9 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3)))
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02', 8 = 'withdrawal', 9 = DATE '2026-08-03'

-- assert count vip_at_risk between 1 and 2000
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02'

-- export vip_at_risk to list with customer_id, name, phone, aum, withdrawn_90d
SELECT `customer_id` AS `c1`, `name` AS `c2`, `phone` AS `c3`, `aum` AS `c4`, COALESCE(`seg_g3`.`a1`, 0) AS `c5`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(`seg_r`.`balance_3m_ago`) AS `a1` FROM `holdings` AS `seg_r` WHERE (`seg_r`.`opened_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(CASE WHEN (`seg_r`.`event_type` = :p5) THEN 1 END) AS `a1` FROM `app_events` AS `seg_r` WHERE (`seg_r`.`event_time` >= :p6 AND `seg_r`.`event_time` < :p7) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, SUM(CASE WHEN (`seg_r`.`type` = :p8) THEN `seg_r`.`amount` END) AS `a1` FROM `transactions` AS `seg_r` WHERE (`seg_r`.`txn_date` > :p9 AND `seg_r`.`txn_date` <= :p4) GROUP BY `seg_r`.`customer_id`) AS `seg_g3` ON `seg_g3`.`seg_k` = `customers`.`customer_id`
WHERE ((`aum` >= :p1) AND (`aum` < (COALESCE(`seg_g1`.`a1`, 0) * :p2)) AND (NOT (COALESCE(`seg_g2`.`a1`, 0) >= :p3)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = 4, 4 = DATE '2026-11-01', 5 = 'login', 6 = DATE '2026-10-03', 7 = DATE '2026-11-02', 8 = 'withdrawal', 9 = DATE '2026-08-03'

