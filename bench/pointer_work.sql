-- bench/pointer_work.sql: a SQLite workload for the points-to soundness
-- check: DDL, DML, indexes, joins, aggregates, window functions, CTEs,
-- triggers, views, JSON, FTS5, collations, savepoints, ANALYZE, VACUUM.
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB);
CREATE INDEX tb ON t(b);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO t SELECT i, 'v' || (i % 37), i * 0.5, randomblob(8) FROM n;
CREATE TABLE u(x INTEGER, y TEXT COLLATE NOCASE, FOREIGN KEY(x) REFERENCES t(a));
INSERT INTO u SELECT a, upper(b) FROM t WHERE a % 3 = 0;
CREATE VIEW v AS SELECT b, count(*) AS n, sum(c) AS s FROM t GROUP BY b;
CREATE TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO u VALUES(new.a, 'trig'); END;
UPDATE t SET c = c + 1 WHERE a < 20;
DELETE FROM t WHERE a > 480;
SELECT count(*), max(c), min(b), avg(a), total(c), group_concat(b, ',') FROM t;
SELECT b, n, s FROM v ORDER BY n DESC, b LIMIT 5;
SELECT t.a, u.y FROM t JOIN u ON t.a = u.x WHERE u.y LIKE 'V1%' ORDER BY t.a LIMIT 3;
SELECT a, row_number() OVER (PARTITION BY b ORDER BY a), lag(a) OVER (ORDER BY a) FROM t LIMIT 5;
SELECT json_object('a', 1, 'b', json_array(1, 2, 3)), json_extract('{"x":{"y":5}}', '$.x.y');
SELECT substr('hello', 2, 3), replace('aaa', 'a', 'b'), instr('abc', 'c'), hex(x'0102'), length('xyz'),
       abs(-3), round(2.567, 2), coalesce(NULL, 5), ifnull(NULL, 'n'), typeof(1.5), quote('it''s'),
       printf('%05d|%s', 42, 'x'), trim('  p  '), ltrim('xxa', 'x'), unicode('A'), char(66), zeroblob(2);
SELECT date('2020-01-31', '+1 month'), strftime('%Y', '2021-06-01'), julianday('2000-01-01');
SELECT * FROM t WHERE b IN (SELECT y FROM u) LIMIT 2;
SELECT b FROM t UNION SELECT y FROM u EXCEPT SELECT 'V3' ORDER BY 1 LIMIT 3;
CREATE VIRTUAL TABLE f USING fts5(body);
INSERT INTO f VALUES('the quick brown fox'), ('jumps over the lazy dog'), ('quick quick slow');
SELECT rowid, bm25(f), highlight(f, 0, '[', ']') FROM f WHERE f MATCH 'quick' ORDER BY rank;
SELECT value FROM json_each('[1,2,3]');
SELECT * FROM pragma_table_info('t');
SELECT name FROM sqlite_schema ORDER BY name;
BEGIN; SAVEPOINT s1; INSERT INTO t(b) VALUES('x'); ROLLBACK TO s1; COMMIT;
ANALYZE; PRAGMA integrity_check; PRAGMA foreign_key_check;
CREATE TABLE w AS SELECT * FROM t ORDER BY random() LIMIT 50;
SELECT sum(a) FROM w; DROP TABLE w; VACUUM;
.mode csv
SELECT a, b FROM t LIMIT 2;
.mode box
SELECT a, b FROM t LIMIT 2;
.tables
.schema u
