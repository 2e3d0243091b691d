-- A twelve-customer bank small enough to check every expected value by hand.
-- Columns named `default` and `select` test quoting; NULLs test missing values.
-- Portable SQL: the same file loads into SQLite and PostgreSQL.
CREATE TABLE customers (
    customer_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT,
    age INTEGER,
    aum DOUBLE PRECISION,
    open_date DATE,
    "default" TEXT,
    "select" INTEGER,
    vip_flag BOOLEAN,
    phone TEXT
);
INSERT INTO customers VALUES
 (1,  '张伟',   '上海', 25,  1000,      '2020-01-15', 'no',  1, FALSE, '13800001111'),
 (2,  '李娜',   '北京', 35,  600000,    '2018-03-31', 'no',  2, TRUE, '13900002222'),
 (3,  'O''Brien','上海', 45,  5000000,   '2015-07-01', 'yes', 3, TRUE, '13700003333'),
 (4,  '王芳',   '深圳', 61,  250000,    '2010-12-31', 'no',  NULL, FALSE, '13600004444'),
 (5,  'Smith, J', NULL,  30,  NULL,      '2024-02-29', NULL,  5, NULL, '13500005555'),
 (6,  '赵强',   '广州', NULL, 80000,    NULL,         'no',  6, FALSE, NULL),
 (7,  '陈静',   '上海', 55,  6000000,   '2012-05-20', 'no',  7, TRUE, '13300007777'),
 (8,  'Ann "A" Lee', '北京', 19, 500,   '2026-10-31', 'no',  8, FALSE, '13200008888'),
 (9,  '刘洋',   '杭州', 40,  500000,    '2019-11-01', 'yes', 9, FALSE, '13100009999'),
 (10, '周杰',   '上海', 60,  499999.99, '2016-06-15', 'no',  10, TRUE, '13000001010'),
 (11, '吴敏',   '深圳', 33,  120000,    '2021-09-09', 'no',  11, FALSE, '15000001111'),
 (12, '徐磊',   '北京', 47,  900000,    '2014-04-30', 'no',  12, TRUE, '15100001212');
