#!/bin/bash
# httptrace_lib.t: runs the library's attach/chaining/multi unit test
# (tests/unit/ht_attach_test.c) against the nginx this script starts.
. "$(dirname "$0")/../fixtures/http/prelude.sh"
HT_TEST_URL=$H/hello HT_TEST_TLS_URL=$S/hello "$BUILD/tests/ht_attach_test"
