-- count vip
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (`aum` >= :p1);
-- parameters: 1 = 500000

-- count vip_at_risk
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- count vip_at_risk by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6)))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT `channel_pref` AS `c1`, SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (`aum` >= :p7) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`
WHERE (((`aum` >= :p8) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p9)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p10 AND `seg_r`.`event_time` < :p11) AND (`seg_r`.`event_type` = :p12)) >= :p13))) OR (`aum` >= :p7))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = 500000, 8 = 500000, 9 = 0.7, 10 = DATE '2026-10-03', 11 = DATE '2026-11-02', 12 = 'login', 13 = 4

-- profile vip_at_risk by channel_pref, risk_level vs vip
SELECT `risk_level` AS `c1`, SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6))) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (`aum` >= :p7) THEN 1 ELSE 0 END) AS `c3`
FROM `customers`
WHERE (((`aum` >= :p8) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p9)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p10 AND `seg_r`.`event_time` < :p11) AND (`seg_r`.`event_type` = :p12)) >= :p13))) OR (`aum` >= :p7))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = 500000, 8 = 500000, 9 = 0.7, 10 = DATE '2026-10-03', 11 = DATE '2026-11-02', 12 = 'login', 13 = 4

-- overlap vip_at_risk, mobile_active, declining
SELECT SUM(CASE WHEN ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6))) THEN 1 ELSE 0 END) AS `c1`, SUM(CASE WHEN (((`aum` >= :p7) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p8)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p9 AND `seg_r`.`event_time` < :p10) AND (`seg_r`.`event_type` = :p11)) >= :p12))) AND ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p13 AND `seg_r`.`event_time` < :p14) AND (`seg_r`.`event_type` = :p15)) >= :p16)) THEN 1 ELSE 0 END) AS `c2`, SUM(CASE WHEN (((`aum` >= :p17) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p18)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p19 AND `seg_r`.`event_time` < :p20) AND (`seg_r`.`event_type` = :p21)) >= :p22))) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p23))) THEN 1 ELSE 0 END) AS `c3`, SUM(CASE WHEN ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p24 AND `seg_r`.`event_time` < :p25) AND (`seg_r`.`event_type` = :p26)) >= :p27) THEN 1 ELSE 0 END) AS `c4`, SUM(CASE WHEN (((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p28 AND `seg_r`.`event_time` < :p29) AND (`seg_r`.`event_type` = :p30)) >= :p31) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p32))) THEN 1 ELSE 0 END) AS `c5`, SUM(CASE WHEN (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p33)) THEN 1 ELSE 0 END) AS `c6`
FROM `customers`;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = 500000, 8 = 0.7, 9 = DATE '2026-10-03', 10 = DATE '2026-11-02', 11 = 'login', 12 = 4, 13 = DATE '2026-10-03', 14 = DATE '2026-11-02', 15 = 'login', 16 = 4, 17 = 500000, 18 = 0.7, 19 = DATE '2026-10-03', 20 = DATE '2026-11-02', 21 = 'login', 22 = 4, 23 = 0.7, 24 = DATE '2026-10-03', 25 = DATE '2026-11-02', 26 = 'login', 27 = 4, 28 = DATE '2026-10-03', 29 = DATE '2026-11-02', 30 = 'login', 31 = 4, 32 = 0.7, 33 = 0.7

-- show vip_at_risk with customer_id, city, aum, aum_3m_ago, withdrawn_90d order by aum desc limit 10
SELECT `customer_id` AS `c1`, `city` AS `c2`, `aum` AS `c3`, (SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) AS `c4`, (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p8) AND (`seg_r`.`type` = :p9)) AS `c5`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6)))
ORDER BY 3 DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 10;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = DATE '2026-08-03', 8 = DATE '2026-11-01', 9 = 'withdrawal'

-- assert count vip_at_risk between 1 and 2000
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6)));
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4

-- export vip_at_risk to list with customer_id, name, phone, aum, withdrawn_90d
SELECT `customer_id` AS `c1`, `name` AS `c2`, `phone` AS `c3`, `aum` AS `c4`, (SELECT COALESCE(SUM(`seg_r`.`amount`), 0) FROM `transactions` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`txn_date` > :p7 AND `seg_r`.`txn_date` <= :p8) AND (`seg_r`.`type` = :p9)) AS `c5`
FROM `customers`
WHERE ((`aum` >= :p1) AND (`aum` < ((SELECT COALESCE(SUM(`seg_r`.`balance_3m_ago`), 0) FROM `holdings` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id`) * :p2)) AND (NOT ((SELECT COUNT(*) FROM `app_events` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`event_time` >= :p3 AND `seg_r`.`event_time` < :p4) AND (`seg_r`.`event_type` = :p5)) >= :p6)))
ORDER BY `customer_id` ASC NULLS LAST;
-- parameters: 1 = 500000, 2 = 0.7, 3 = DATE '2026-10-03', 4 = DATE '2026-11-02', 5 = 'login', 6 = 4, 7 = DATE '2026-08-03', 8 = DATE '2026-11-01', 9 = 'withdrawal'

