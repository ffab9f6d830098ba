/* ht_oldcurl.so: makes the process's libcurl say it is 7.76.0, so the
 * tracer's "libcurl too old" path runs against the real libcurl of the
 * machine (Debian bookworm has no libcurl older than 7.80.0 to install).
 * Preloaded after libhttptrace-preload.so, its curl_version_info is the
 * one the tracer finds next; every other call goes to the real libcurl. */
#include <curl/curl.h>
#include <dlfcn.h>

curl_version_info_data *curl_version_info(CURLversion age) {
  static curl_version_info_data copy;
  curl_version_info_data *(*real)(CURLversion) =
      (curl_version_info_data * (*)(CURLversion)) dlsym(RTLD_NEXT, "curl_version_info");
  if (!real) return NULL;
  copy = *real(age);
  copy.version = "7.76.0";
  copy.version_num = 0x074c00;
  return &copy;
}
