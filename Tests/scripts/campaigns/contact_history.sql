-- Contact history for the campaign scripts, on the fixture bank, as of 2026-11-01.
CREATE TABLE contact_history (
    contact_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id),
    contact_date DATE NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT
);
INSERT INTO contact_history VALUES
 (1, 2,  '2026-10-18', 'phone', NULL),   -- 14 days before as_of: outside `within 14 days`
 (2, 3,  '2026-10-19', 'phone', NULL),   -- the first day inside `within 14 days`
 (3, 7,  '2026-10-25', 'sms',   NULL),   -- inside, but by sms
 (4, 7,  '2026-10-03', 'sms',   NULL),   -- 29 days before: inside `per 30 days`
 (5, 12, '2026-10-02', 'email', NULL),   -- 30 days before: outside `per 30 days`
 (6, 12, '2026-10-20', 'email', NULL),
 (7, 10, '2026-11-01', 'sms',   NULL),   -- on as_of itself: inside
 (8, 10, '2026-10-10', 'phone', NULL),
 (9, 9,  '2026-11-02', 'phone', NULL);   -- after as_of: in no window
