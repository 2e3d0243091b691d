-- count hidden_wealth
SELECT COUNT(*) AS `c1`
FROM `households`
LEFT JOIN (SELECT `seg_r`.`household_id` AS `seg_k`, SUM(`seg_r`.`aum`) AS `a1`, MAX(`seg_r`.`aum`) AS `a2` FROM `customers` AS `seg_r` WHERE (`seg_r`.`open_date` <= :p4) GROUP BY `seg_r`.`household_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `households`.`household_id`
WHERE ((`member_count` >= :p1) AND (COALESCE(`seg_g1`.`a1`, 0) > :p2) AND (`seg_g1`.`a2` < :p3));
-- parameters: 1 = 3, 2 = 1000000, 3 = 600000, 4 = DATE '2026-11-01'

-- count hidden_wealth by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `households`
LEFT JOIN (SELECT `seg_r`.`household_id` AS `seg_k`, SUM(`seg_r`.`aum`) AS `a1`, MAX(`seg_r`.`aum`) AS `a2` FROM `customers` AS `seg_r` WHERE (`seg_r`.`open_date` <= :p4) GROUP BY `seg_r`.`household_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `households`.`household_id`
WHERE ((`member_count` >= :p1) AND (COALESCE(`seg_g1`.`a1`, 0) > :p2) AND (`seg_g1`.`a2` < :p3))
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 3, 2 = 1000000, 3 = 600000, 4 = DATE '2026-11-01'

-- show hidden_wealth with household_id, city, member_count, family_aum, richest_member, seniors order by family_aum desc limit 5
SELECT `household_id` AS `c1`, `city` AS `c2`, `member_count` AS `c3`, COALESCE(`seg_g1`.`a1`, 0) AS `c4`, `seg_g1`.`a2` AS `c5`, COALESCE(`seg_g1`.`a3`, 0) AS `c6`
FROM `households`
LEFT JOIN (SELECT `seg_r`.`household_id` AS `seg_k`, SUM(`seg_r`.`aum`) AS `a1`, MAX(`seg_r`.`aum`) AS `a2`, COUNT(CASE WHEN (`seg_r`.`age` >= :p4) THEN 1 END) AS `a3` FROM `customers` AS `seg_r` WHERE (`seg_r`.`open_date` <= :p5) GROUP BY `seg_r`.`household_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `households`.`household_id`
WHERE ((`member_count` >= :p1) AND (COALESCE(`seg_g1`.`a1`, 0) > :p2) AND (`seg_g1`.`a2` < :p3))
ORDER BY 4 DESC NULLS LAST, `household_id` ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 3, 2 = 1000000, 3 = 600000, 4 = 60, 5 = DATE '2026-11-01'

