/* cache_tool.c: the extractor's identity in cache keys. Facts depend on
 * canalyze's code and on libclang, so a key names canalyze's version, the
 * GNU build id of the binary holding this code (any rebuild with other code
 * gets another; without a build id, the binary's size and modification
 * time stand in) and libclang's version string. */
#include "cache/cache.h"
#include "canalyze.h"
#include <dlfcn.h>
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* <link.h>'s ElfW, spelled out: -Ianalyzer makes <link.h> our link.h. */
#if UINTPTR_MAX == 0xffffffffffffffffu
#define ElfW(type) Elf64_##type
#else
#define ElfW(type) Elf32_##type
#endif

/* The build id note among the program headers of the object loaded at
 * base, as hex into out; false without one. */
static bool build_id(const void *base, char *out, size_t len) {
  const ElfW(Ehdr) *eh = base;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0) return false;
  const ElfW(Phdr) *ph = (const ElfW(Phdr) *)((const char *)base + eh->e_phoff);
  uintptr_t bias = 0; /* a position-independent object's addresses start at its base */
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) bias = (uintptr_t)base - ph[i].p_vaddr;
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type != PT_NOTE) continue;
    const char *p = (const char *)(bias + ph[i].p_vaddr), *end = p + ph[i].p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
      const unsigned char *desc = (const unsigned char *)p + sizeof *nh + ((nh->n_namesz + 3) & ~3u);
      if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(nh + 1, "GNU", 4) == 0) {
        size_t o = 0;
        for (unsigned k = 0; k < nh->n_descsz && o + 3 < len; k++) o += (size_t)snprintf(out + o, len - o, "%02x", desc[k]);
        return o > 0;
      }
      p = (const char *)desc + ((nh->n_descsz + 3) & ~3u);
    }
  }
  return false;
}

const char *cache_tool_id(arena *a) {
  Dl_info info;
  char id[128] = "";
  if (dladdr((const void *)cache_tool_id, &info) && info.dli_fbase && !build_id(info.dli_fbase, id, sizeof id)) {
    struct stat st;
    if (info.dli_fname && stat(info.dli_fname, &st) == 0)
      snprintf(id, sizeof id, "%lld.%lld.%ld", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
               (long)st.st_mtim.tv_nsec);
  }
  char *clang = frontend_clang_version(a);
  return arena_printf(a, "canalyze %s build %s; %s", ca_version(), id, clang ? clang : "");
}
