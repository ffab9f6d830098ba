#!/bin/sh
# hot_workload_sql.sh: the SQLite workload of bench/hot_check.sh on stdout:
# bench/hot_workload.sql, then 1500 row-by-row statements (an
# application's INSERT/SELECT/UPDATE traffic).
set -eu
cat "$(dirname "$0")/hot_workload.sql"
i=1
while [ $i -le 500 ]; do
  echo "INSERT INTO customer(name, city, joined) VALUES('new $i', 'city$((i % 31))', date('now'));"
  echo "SELECT o.id, o.qty, p.title FROM orders o JOIN product p ON p.id = o.product WHERE o.customer = $((i * 3));"
  echo "UPDATE customer SET city = 'moved' || $i WHERE id = $((i * 5));"
  i=$((i + 1))
done
