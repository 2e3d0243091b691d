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

-- Transactions, dated, with rows on every window boundary as of 2026-11-01.
CREATE TABLE transactions (
    txn_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    txn_date DATE,
    type TEXT NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    channel TEXT NOT NULL
);
INSERT INTO transactions VALUES
 (1,  1,  '2026-11-01', 'payroll',        8000,   'mobile'),  -- the as-of day: inside every window
 (2,  1,  '2026-10-02', 'payroll',        8000,   'mobile'),  -- exactly 30 days before: outside `within 30 days`
 (3,  1,  '2026-10-03', 'card_spend',     120.5,  'mobile'),
 (4,  1,  '2026-11-02', 'deposit',        500,    'branch'),  -- after the as-of day: in no `within` window
 (5,  2,  '2026-09-15', 'withdrawal',     20000,  'branch'),
 (6,  2,  '2026-10-20', 'withdrawal',     15000,  'mobile'),
 (7,  2,  '2026-10-20', 'deposit',        3000,   'mobile'),  -- same day as 6: first/last break ties by key
 (8,  2,  NULL,         'deposit',        999,    'branch'),  -- no date: in no window
 (9,  3,  '2026-08-01', 'payroll',        30000,  'mobile'),  -- exactly 3 months before: outside `within 3 months`
 (10, 3,  '2026-08-02', 'fund_purchase',  100000, 'mobile'),
 (11, 12, '2024-02-29', 'deposit',        1000,   'branch'),  -- a leap day
 (12, 7,  '2026-10-31', 'payroll',        50000,  'mobile'),
 (13, 7,  '2026-10-31', 'withdrawal',     60000,  'mobile');

-- Holdings have no date: windows on them are an error.
CREATE TABLE holdings (
    holding_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    product TEXT NOT NULL,
    balance DOUBLE PRECISION NOT NULL
);
INSERT INTO holdings VALUES
 (1, 1, 'deposit', 50000),
 (2, 1, 'fund',    60000),
 (3, 2, 'deposit', 99999.99);

-- App events carry times of day: they count by their date.
CREATE TABLE app_events (
    event_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    event_time TIMESTAMP NOT NULL,
    event_type TEXT NOT NULL
);
INSERT INTO app_events VALUES
 (1, 1, '2026-10-02 23:59:59', 'login'),  -- the day 30 days before: outside `within 30 days`
 (2, 1, '2026-10-03 00:00:00', 'login'),  -- the first day inside
 (3, 1, '2026-11-01 23:59:59', 'login'),  -- the as-of day, late: inside
 (4, 1, '2026-11-02 00:00:00', 'login'),  -- the day after: outside
 (5, 2, '2026-10-15 12:00:00', 'transfer');
