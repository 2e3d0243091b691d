-- count preapproved
WITH `seg_model1` AS (SELECT `seg_in`.`seg_k` AS `seg_k`, (600.0D + CASE WHEN (`seg_in`.`f0` < 25.0D) THEN (-10.0D) WHEN (`seg_in`.`f0` >= 25.0D AND `seg_in`.`f0` <= 45.0D) THEN 15.0D WHEN (1 = 1) THEN 5.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f1` = 0.0D) THEN 30.0D WHEN (`seg_in`.`f1` >= 1.0D AND `seg_in`.`f1` <= 2.0D) THEN 0.0D WHEN (1 = 1) THEN (-40.0D) ELSE 0.0 END + CASE WHEN (`seg_in`.`f2` < 50000.0D) THEN 0.0D WHEN (`seg_in`.`f2` >= 50000.0D AND `seg_in`.`f2` <= 500000.0D) THEN 20.0D WHEN (1 = 1) THEN 40.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f3` < 2.0D) THEN (-15.0D) WHEN (`seg_in`.`f3` IS NULL) THEN (-20.0D) WHEN (1 = 1) THEN 10.0D ELSE 0.0 END) AS `seg_v` FROM (SELECT `customer_id` AS `seg_k`, `age` AS `f0`, CASE WHEN (`credit_score` < :p1) THEN :p2 ELSE :p3 END AS `f1`, `aum` AS `f2`, CAST(floor(((year(:p4) - year(`open_date`)) * 12 + month(:p4) - month(`open_date`) - CASE WHEN dayofmonth(:p4) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) AS `f3` FROM `customers`) AS `seg_in`)
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN `seg_model1` ON `seg_model1`.`seg_k` = `customers`.`customer_id`
WHERE (`has_credit_card` AND (`seg_model1`.`seg_v` >= :p5));
-- parameters: 1 = 600, 2 = 2, 3 = 0, 4 = DATE '2026-11-01', 5 = 680

-- count all by bucket(upgrade_score, [600, 640, 680])
WITH `seg_model1` AS (SELECT `seg_in`.`seg_k` AS `seg_k`, (600.0D + CASE WHEN (`seg_in`.`f0` < 25.0D) THEN (-10.0D) WHEN (`seg_in`.`f0` >= 25.0D AND `seg_in`.`f0` <= 45.0D) THEN 15.0D WHEN (1 = 1) THEN 5.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f1` = 0.0D) THEN 30.0D WHEN (`seg_in`.`f1` >= 1.0D AND `seg_in`.`f1` <= 2.0D) THEN 0.0D WHEN (1 = 1) THEN (-40.0D) ELSE 0.0 END + CASE WHEN (`seg_in`.`f2` < 50000.0D) THEN 0.0D WHEN (`seg_in`.`f2` >= 50000.0D AND `seg_in`.`f2` <= 500000.0D) THEN 20.0D WHEN (1 = 1) THEN 40.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f3` < 2.0D) THEN (-15.0D) WHEN (`seg_in`.`f3` IS NULL) THEN (-20.0D) WHEN (1 = 1) THEN 10.0D ELSE 0.0 END) AS `seg_v` FROM (SELECT `customer_id` AS `seg_k`, `age` AS `f0`, CASE WHEN (`credit_score` < :p1) THEN :p2 ELSE :p3 END AS `f1`, `aum` AS `f2`, CAST(floor(((year(:p4) - year(`open_date`)) * 12 + month(:p4) - month(`open_date`) - CASE WHEN dayofmonth(:p4) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) AS `f3` FROM `customers`) AS `seg_in`)
SELECT CASE WHEN `seg_model1`.`seg_v` IS NULL THEN NULL WHEN `seg_model1`.`seg_v` < :p5 THEN :p6 WHEN `seg_model1`.`seg_v` < :p7 THEN :p8 WHEN `seg_model1`.`seg_v` < :p9 THEN :p10 ELSE :p11 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN `seg_model1` ON `seg_model1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY MIN(`seg_model1`.`seg_v`) ASC NULLS LAST;
-- parameters: 1 = 600, 2 = 2, 3 = 0, 4 = DATE '2026-11-01', 5 = 600, 6 = '<600', 7 = 640, 8 = '600-640', 9 = 680, 10 = '640-680', 11 = '>=680'

-- show has_credit_card and upgrade_score < 640 with customer_id, age, aum, upgrade_score, reasons(upgrade_score, 2) limit 5
WITH `seg_model1` AS (SELECT `seg_in`.`seg_k` AS `seg_k`, (600.0D + CASE WHEN (`seg_in`.`f0` < 25.0D) THEN (-10.0D) WHEN (`seg_in`.`f0` >= 25.0D AND `seg_in`.`f0` <= 45.0D) THEN 15.0D WHEN (1 = 1) THEN 5.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f1` = 0.0D) THEN 30.0D WHEN (`seg_in`.`f1` >= 1.0D AND `seg_in`.`f1` <= 2.0D) THEN 0.0D WHEN (1 = 1) THEN (-40.0D) ELSE 0.0 END + CASE WHEN (`seg_in`.`f2` < 50000.0D) THEN 0.0D WHEN (`seg_in`.`f2` >= 50000.0D AND `seg_in`.`f2` <= 500000.0D) THEN 20.0D WHEN (1 = 1) THEN 40.0D ELSE 0.0 END + CASE WHEN (`seg_in`.`f3` < 2.0D) THEN (-15.0D) WHEN (`seg_in`.`f3` IS NULL) THEN (-20.0D) WHEN (1 = 1) THEN 10.0D ELSE 0.0 END) AS `seg_v` FROM (SELECT `customer_id` AS `seg_k`, `age` AS `f0`, CASE WHEN (`credit_score` < :p1) THEN :p2 ELSE :p3 END AS `f1`, `aum` AS `f2`, CAST(floor(((year(:p4) - year(`open_date`)) * 12 + month(:p4) - month(`open_date`) - CASE WHEN dayofmonth(:p4) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) AS `f3` FROM `customers`) AS `seg_in`)
SELECT `customer_id` AS `c1`, `age` AS `c2`, `aum` AS `c3`, `seg_model1`.`seg_v` AS `c4`, (COALESCE(CAST(`age` AS STRING), '') || '|' || COALESCE(CAST(CASE WHEN (`credit_score` < :p6) THEN :p7 ELSE :p8 END AS STRING), '') || '|' || COALESCE(CAST(`aum` AS STRING), '') || '|' || COALESCE(CAST(CAST(floor(((year(:p4) - year(`open_date`)) * 12 + month(:p4) - month(`open_date`) - CASE WHEN dayofmonth(:p4) < dayofmonth(`open_date`) THEN 1 ELSE 0 END) / 12.0) AS INTEGER) AS STRING), '')) AS `c5`
FROM `customers`
LEFT JOIN `seg_model1` ON `seg_model1`.`seg_k` = `customers`.`customer_id`
WHERE (`has_credit_card` AND (`seg_model1`.`seg_v` < :p5))
ORDER BY `customer_id` ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 600, 2 = 2, 3 = 0, 4 = DATE '2026-11-01', 5 = 640, 6 = 600, 7 = 2, 8 = 0

