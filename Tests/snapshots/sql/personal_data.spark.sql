-- show private_banking with name, phone, id_number, birth_date, year(birth_date), occupation, last(contacts.channel), city, age   order by aum desc limit 5
SELECT `name` AS `c1`, `phone` AS `c2`, `id_number` AS `c3`, `birth_date` AS `c4`, year(`birth_date`) AS `c5`, `occupation` AS `c6`, (SELECT max_by(`seg_r`.`channel`, struct(`seg_r`.`contact_date`, `seg_r`.`contact_id`)) FROM `contact_history` AS `seg_r` WHERE `seg_r`.`customer_id` = `customers`.`customer_id` AND (`seg_r`.`contact_date` <= :p2) AND (`seg_r`.`contact_date` IS NOT NULL)) AS `c7`, `city` AS `c8`, `age` AS `c9`
FROM `customers`
WHERE (`aum` >= :p1)
ORDER BY `aum` DESC NULLS LAST, `customer_id` ASC NULLS LAST
LIMIT 5;
-- parameters: 1 = 6000000, 2 = DATE '2026-11-01'

-- count aum >= 2m by city
SELECT `city` AS `c1`, COUNT(*) AS `c2`
FROM `customers`
WHERE (`aum` >= :p1)
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
-- parameters: 1 = 2000000

