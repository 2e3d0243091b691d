-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count recently_contacted
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);

-- count all by contacts_30d
SELECT COALESCE(`seg_g1`.`a1`, 0) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count declined_recently
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(CASE WHEN (`seg_r`.`outcome` = :p1) THEN 1 ELSE 0 END) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p2 AND `seg_r`.`contact_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
WHERE (COALESCE(`seg_g1`.`a1`, 0) = 1);

-- count contactable
SELECT COUNT(*) AS `c1`
FROM `customers`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, MAX(1) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p2 AND `seg_r`.`contact_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g1` ON `seg_g1`.`seg_k` = `customers`.`customer_id`
LEFT JOIN (SELECT `seg_r`.`customer_id` AS `seg_k`, COUNT(*) AS `a1` FROM `contact_history` AS `seg_r` WHERE (`seg_r`.`contact_date` > :p4 AND `seg_r`.`contact_date` <= :p3) GROUP BY `seg_r`.`customer_id`) AS `seg_g2` ON `seg_g2`.`seg_k` = `customers`.`customer_id`
WHERE ((NOT `do_not_disturb`) AND (NOT (COALESCE(`seg_g1`.`a1`, 0) = 1)) AND (COALESCE(`seg_g2`.`a1`, 0) < :p1));
