-- count all
SELECT COUNT(*) AS `c1`
FROM `customers`;

-- count all by phone_carrier
SELECT CASE WHEN (startswith(`phone`, :p1) OR startswith(`phone`, :p2) OR startswith(`phone`, :p3) OR startswith(`phone`, :p4) OR startswith(`phone`, :p5) OR startswith(`phone`, :p6) OR startswith(`phone`, :p7) OR startswith(`phone`, :p8) OR startswith(`phone`, :p9) OR startswith(`phone`, :p10) OR startswith(`phone`, :p11) OR startswith(`phone`, :p12) OR startswith(`phone`, :p13) OR startswith(`phone`, :p14) OR startswith(`phone`, :p15) OR startswith(`phone`, :p16) OR startswith(`phone`, :p17) OR startswith(`phone`, :p18) OR startswith(`phone`, :p19) OR startswith(`phone`, :p20) OR startswith(`phone`, :p21) OR startswith(`phone`, :p22) OR startswith(`phone`, :p23)) THEN :p24 WHEN (startswith(`phone`, :p25) OR startswith(`phone`, :p26) OR startswith(`phone`, :p27) OR startswith(`phone`, :p28) OR startswith(`phone`, :p29) OR startswith(`phone`, :p30) OR startswith(`phone`, :p31) OR startswith(`phone`, :p32) OR startswith(`phone`, :p33) OR startswith(`phone`, :p34) OR startswith(`phone`, :p35) OR startswith(`phone`, :p36) OR startswith(`phone`, :p37) OR startswith(`phone`, :p38)) THEN :p39 WHEN (startswith(`phone`, :p40) OR startswith(`phone`, :p41) OR startswith(`phone`, :p42) OR startswith(`phone`, :p43) OR startswith(`phone`, :p44) OR startswith(`phone`, :p45) OR startswith(`phone`, :p46) OR startswith(`phone`, :p47) OR startswith(`phone`, :p48) OR startswith(`phone`, :p49) OR startswith(`phone`, :p50) OR startswith(`phone`, :p51) OR startswith(`phone`, :p52)) THEN :p53 ELSE :p54 END AS `c1`, COUNT(*) AS `c2`
FROM `customers`
GROUP BY 1
ORDER BY 1 ASC NULLS LAST;
