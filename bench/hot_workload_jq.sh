#!/bin/sh
# hot_workload_jq.sh JQ DIR: a mixed jq workload for bench/hot_check.sh, shaped
# like everyday use: pretty-printing, selecting, reshaping, grouping, string
# interpolation, regular expressions, streaming many small documents (NDJSON),
# @csv/@base64 output and slurping. DIR receives the generated input files.
set -eu
jq=$1 dir=$2
env -u LD_PRELOAD python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
people = [{"id": i, "name": "person %d" % i, "age": 18 + (i * 7) % 60,
           "city": "city%d" % (i % 23), "score": (i * 37) % 1000 / 10.0,
           "tags": ["t%d" % (i % 5), "t%d" % (i % 9)],
           "address": {"street": "%d main st" % i, "zip": "%05d" % (i * 13 % 99999)}}
          for i in range(4000)]
json.dump(people, open(d + "/people.json", "w"), indent=2)
with open(d + "/events.ndjson", "w") as f:
    for i in range(6000):
        f.write(json.dumps({"ts": 1600000000 + i, "kind": ["click", "view", "buy"][i % 3],
                            "user": i % 400, "value": i % 17}) + "\n")
PY
"$jq" . "$dir/people.json" > /dev/null
"$jq" -c '.[] | select(.age > 40 and .city == "city3") | {name, age, zip: .address.zip}' "$dir/people.json" > /dev/null
"$jq" 'group_by(.city) | map({city: .[0].city, n: length, avg: (map(.score) | add / length)})' "$dir/people.json" > /dev/null
"$jq" -r '.[] | "\(.name) (\(.age)) lives in \(.city): \(.tags | join(","))"' "$dir/people.json" > /dev/null
"$jq" 'map(select(.name | test("person [0-9]*7$"))) | sort_by(.score) | reverse | .[:20]' "$dir/people.json" > /dev/null
"$jq" 'reduce .[] as $p ({}; .[$p.city] += [$p.id]) | to_entries | map(.value | length)' "$dir/people.json" > /dev/null
"$jq" -r '.[] | [.id, .name, .age, .score] | @csv' "$dir/people.json" > /dev/null
"$jq" -c 'select(.kind == "buy") | .value *= 2' "$dir/events.ndjson" > /dev/null
"$jq" -s 'group_by(.user) | map({user: .[0].user, total: map(.value) | add}) | max_by(.total)' "$dir/events.ndjson" > /dev/null
"$jq" -c '[paths] | length' "$dir/people.json" > /dev/null
"$jq" -r '.[:300][] | .address | with_entries(.value |= ascii_upcase) | tostring | @base64' "$dir/people.json" > /dev/null
