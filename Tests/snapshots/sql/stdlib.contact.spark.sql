-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count recently_contacted
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE EXISTS (SELECT 1 FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2));

-- count all by contacts_30d
SELECT (SELECT COUNT(*) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2)) AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count declined_recently
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE EXISTS (SELECT 1 FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2) AND (`seg_r`.`outcome` = :p3));

-- count contactable
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE ((NOT `do_not_disturb`) AND (NOT EXISTS (SELECT 1 FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p1 AND `seg_r`.`contact_date` <= :p2))) AND ((SELECT COUNT(*) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` > :p3 AND `seg_r`.`contact_date` <= :p2)) < :p4));
