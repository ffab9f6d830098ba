-- hot_workload.sql: a mixed SQLite workload for bench/hot_check.sh, shaped
-- like an application's use: a schema, bulk and row-by-row inserts, indexes,
-- joins, aggregates, views, window functions, JSON, text functions, updates,
-- deletes and a transaction. bench/hot_check.sh appends row-by-row
-- statements (many small prepared statements, as an application issues).
PRAGMA journal_mode = MEMORY;
CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, joined TEXT);
CREATE TABLE product(id INTEGER PRIMARY KEY, title TEXT, price REAL, tags TEXT);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customer(id),
                    product INTEGER REFERENCES product(id), qty INTEGER, placed TEXT, note TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO customer SELECT i, 'customer ' || i, 'city' || (i % 97),
  date('2020-01-01', '+' || (i % 1000) || ' days') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO product SELECT i, 'product ' || hex(randomblob(4)), (i % 50) * 1.25 + 0.99,
  json_array('t' || (i % 7), 't' || (i % 11)) FROM n;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO orders SELECT i, 1 + (i * 7919) % 3000, 1 + (i * 104729) % 500, 1 + i % 9,
  datetime('2021-01-01', '+' || (i % 700) || ' hours'), printf('order %d for %s', i, 'x') FROM n;
COMMIT;
CREATE INDEX orders_customer ON orders(customer);
CREATE INDEX orders_product ON orders(product, qty);
CREATE INDEX customer_city ON customer(city);
CREATE VIEW revenue AS
  SELECT c.city AS city, p.id AS product, sum(o.qty * p.price) AS total, count(*) AS n
  FROM orders o JOIN customer c ON c.id = o.customer JOIN product p ON p.id = o.product
  GROUP BY c.city, p.id;
SELECT city, sum(total), sum(n) FROM revenue GROUP BY city ORDER BY 2 DESC LIMIT 10;
SELECT name, (SELECT count(*) FROM orders WHERE customer = customer.id) AS k FROM customer
  ORDER BY k DESC, name LIMIT 20;
SELECT customer, placed, qty, sum(qty) OVER (PARTITION BY customer ORDER BY placed) AS running,
  rank() OVER (PARTITION BY customer ORDER BY qty DESC) FROM orders WHERE customer < 200;
SELECT json_group_array(json_object('id', id, 'title', title, 'tags', json(tags)))
  FROM product WHERE price > 30;
SELECT p.id, j.value, count(*) FROM product p, json_each(p.tags) j GROUP BY j.value ORDER BY 3 DESC;
SELECT upper(substr(name, 1, 5)) || lower(city), length(name), replace(city, 'city', 'town'),
  instr(name, '7'), trim(' ' || name || ' ') FROM customer WHERE id % 3 = 0;
SELECT strftime('%Y-%m', placed) AS month, count(*), avg(qty) FROM orders GROUP BY month;
SELECT o.id, c.name, p.title FROM orders o JOIN customer c ON c.id = o.customer
  JOIN product p ON p.id = o.product WHERE o.note LIKE '%99 for%' ORDER BY o.id;
SELECT city, group_concat(name, ';') FROM customer GROUP BY city HAVING count(*) > 30;
SELECT * FROM orders WHERE customer IN (SELECT id FROM customer WHERE city = 'city5')
  EXCEPT SELECT * FROM orders WHERE qty > 4 ORDER BY 1 LIMIT 50;
UPDATE product SET price = price * 1.1, tags = json_insert(tags, '$[#]', 'sale') WHERE id % 5 = 0;
UPDATE orders SET note = note || ' (changed)' WHERE qty = 3;
DELETE FROM orders WHERE id % 13 = 0;
CREATE TEMP TABLE summary AS SELECT customer, count(*) AS n, max(placed) AS last FROM orders
  GROUP BY customer;
SELECT n, count(*) FROM summary GROUP BY n ORDER BY n;
SELECT printf('%-20s %8.2f', title, price) FROM product ORDER BY price DESC LIMIT 30;
