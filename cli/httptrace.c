/* httptrace.c: main of the httptrace command: parse, then trace one URL or
 * drive load. Invariant: curl_global_init/cleanup happen here, once, before
 * any thread starts and after they all ended (libcurl requires it). */
#include "httptrace_cli.h"
#include "httptrace_exec.h"

int main(int argc, char **argv) {
  if (cli_exec_wanted(argc, argv)) return cli_run_exec(argc, argv);
  ht_options opts;
  int rc = cli_parse(argc, argv, &opts);
  if (rc == 1) return 0;
  if (rc != 0) return rc;
  if (cli_build_body(&opts) != 0) return 1;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    fputs("httptrace: cannot initialise libcurl\n", stderr);
    cli_free_body(&opts);
    return 1;
  }
  rc = opts.load ? cli_run_load(&opts) : cli_run_one(&opts);
  curl_global_cleanup();
  cli_free_body(&opts);
  return rc;
}
