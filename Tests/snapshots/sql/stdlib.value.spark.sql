-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count all by value_tier
SELECT CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;

-- count mass
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8);

-- count affluent
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8);

-- count high_net_worth
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8);

-- count private_banking
SELECT COUNT(*) AS `c1`
FROM `customers`
WHERE (CASE WHEN (`aum` >= :p1) THEN :p2 WHEN (`aum` >= :p3) THEN :p4 WHEN (`aum` >= :p5) THEN :p6 ELSE :p7 END = :p8);
