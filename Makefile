# canalyze + httptrace
#
#   make            build the libraries and commands into build/
#   make demo       install what the build needs, build, then on fixtures/demo: the call
#                   graph with --pointer, its hotspots, and the graph as build/demo.svg
#   make check      install what the tests need, build with ASan+UBSan, run every test (prove)
#   make install PREFIX=/usr/local
#   make bench      install what the benchmarks need, benchmarks against peers
#                   (downloads Debian source packages)
#   make deps DEPS_LEVEL=build|test|bench   only install the packages (default test)
#
# Sources are picked up by wildcard: a new analyzer/<stage>/foo.c joins
# libcanalyze.a, a new tests/unit/foo_test.c becomes a TAP test, a new
# tests/*.t runs in check. Only analyzer/clang/ is compiled with libclang's
# include path, so a libclang type anywhere else is a compile error.
# Each library is one partially linked object in which only its public
# prefix (ca_, ht_) stays global; unit tests link the unlocalised objects.

PREFIX     ?= /usr/local
CC         ?= cc
LLVM_CONFIG ?= $(firstword $(shell command -v llvm-config-19 2>/dev/null) \
                 $(wildcard /usr/lib/llvm-19/bin/llvm-config) llvm-config)

CLANG_INC  := $(shell $(LLVM_CONFIG) --includedir 2>/dev/null)
CLANG_LIB  := $(shell $(LLVM_CONFIG) --libdir 2>/dev/null)
PC_CFLAGS  := $(shell pkg-config --cflags libcurl libcgraph libgvc 2>/dev/null)
PC_LIBS    := $(shell pkg-config --libs libcurl libcgraph libgvc 2>/dev/null)

WARN       := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
VERSION    := $(shell cat VERSION)
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -g $(WARN) -I. -Ianalyzer -Ihttptrace \
               -DCA_VERSION='"$(VERSION)"' $(PC_CFLAGS)
CLANG_CFLAGS := -isystem $(CLANG_INC)
LIB_CFLAGS := -fvisibility=hidden
OPT        ?= -O2
LDLIBS_ALL := -L$(CLANG_LIB) -lclang -Wl,-rpath,$(CLANG_LIB) $(PC_LIBS) -lpthread -lm

.PHONY: all deps demo check test install clean bench selfcheck print-cflags
all: # the default goal: defined before the flavour rules, filled in below

# Two build flavours share one rule set: release in build/, sanitized in build/asan/.
# Objects go to obj/ below each, so build/httptrace (the command) does not clash
# with the httptrace/ sources' object directory.
SAN_FLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

AN_SRC  := $(sort $(wildcard analyzer/*.c analyzer/*/*.c))
HT_SRC  := $(sort $(wildcard httptrace/*.c))
CLI_CA  := $(sort $(wildcard cli/canalyze*.c))
CLI_HT  := $(sort $(wildcard cli/httptrace*.c))
UNIT    := $(sort $(wildcard tests/unit/*_test.c))
TOOLS   := $(sort $(wildcard tests/tools/*.c))

HDRS    := $(wildcard analyzer/*.h analyzer/*/*.h httptrace/*.h cli/*.h tests/unit/*.h)

# $(call publish,objects,archive): one relocatable object, hidden symbols made
# local, in an archive (what `make install` ships).
define publish
	@rm -f $(2) $(2:.a=.o)
	$(LD) -r -o $(2:.a=.o) $(1)
	objcopy --localize-hidden $(2:.a=.o)
	ar rcs $(2) $(2:.a=.o)
endef

define flavour # $(1)=dir $(2)=extra cflags
$(1)/obj/%.o: %.c $$(HDRS) VERSION
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $(2) -c $$< -o $$@
$(1)/obj/analyzer/%.o: analyzer/%.c $$(HDRS) VERSION
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(LIB_CFLAGS) $(2) -c $$< -o $$@
$(1)/obj/analyzer/clang/%.o: analyzer/clang/%.c $$(HDRS) VERSION
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(LIB_CFLAGS) $$(CLANG_CFLAGS) $(2) -c $$< -o $$@
$(1)/obj/httptrace/%.o: httptrace/%.c $$(HDRS) VERSION
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(LIB_CFLAGS) $(2) -c $$< -o $$@
$(1)/obj/libcanalyze-internal.a: $$(AN_SRC:%.c=$(1)/obj/%.o)
	@rm -f $$@; ar rcs $$@ $$^
$(1)/obj/libhttptrace-internal.a: $$(HT_SRC:%.c=$(1)/obj/%.o)
	@rm -f $$@; ar rcs $$@ $$^
$(1)/libcanalyze.a: $$(AN_SRC:%.c=$(1)/obj/%.o)
	$$(call publish,$$^,$$@)
$(1)/libhttptrace.a: $$(HT_SRC:%.c=$(1)/obj/%.o)
	$$(call publish,$$^,$$@)
$(1)/canalyze: $$(CLI_CA:%.c=$(1)/obj/%.o) $(1)/libcanalyze.a
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS_ALL)
$(1)/httptrace: $$(CLI_HT:%.c=$(1)/obj/%.o) $(1)/libhttptrace.a
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS_ALL)
$(1)/tests/%: tests/unit/%.c $(1)/obj/libcanalyze-internal.a $(1)/obj/libhttptrace-internal.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(CLANG_CFLAGS) $(2) -o $$@ $$^ $$(LDLIBS_ALL)
$(1)/tools/%: tests/tools/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(CLANG_CFLAGS) $(2) -o $$@ $$< $$(LDLIBS_ALL)
endef

# Shared objects the tests preload (tests/tools/so/NAME.c -> build/tools/NAME.so).
build/tools/%.so: tests/tools/so/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT) -shared -fPIC -o $@ $< -ldl

$(eval $(call flavour,build,$(OPT)))
$(eval $(call flavour,build/asan,-O1 $(SAN_FLAGS)))

BIN_REL  := build/canalyze build/httptrace
all: $(BIN_REL) build/libcanalyze.a build/libhttptrace.a
BIN_ASAN := build/asan/canalyze build/asan/httptrace \
            $(UNIT:tests/unit/%.c=build/asan/tests/%) $(TOOLS:tests/tools/%.c=build/asan/tools/%)


# The LD_PRELOAD shim (httptrace -- COMMAND): libhttptrace and
# httptrace/preload/ compiled -fPIC into build/pic/ and linked into
# build/libhttptrace-preload.so without libcurl, so the traced program's own
# libcurl (OpenSSL or GnuTLS flavour) serves it, and lazily, so a program
# without libcurl loads it harmlessly. Only the wrapped curl_ entry points
# are exported (exports.map). No ASan flavour: ASan's runtime must come first
# in the process, which an LD_PRELOAD into an uninstrumented program is not.
PRELOAD_SRC := $(sort $(wildcard httptrace/preload/*.c))
PRELOAD_OBJ := $(HT_SRC:%.c=build/pic/obj/%.o) $(PRELOAD_SRC:%.c=build/pic/obj/%.o)
build/pic/obj/%.o: %.c $(HDRS) httptrace/preload/preload.h VERSION
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(LIB_CFLAGS) -fPIC $(OPT) -c $< -o $@
build/libhttptrace-preload.so: $(PRELOAD_OBJ) httptrace/preload/exports.map
	$(CC) -shared -o $@ $(PRELOAD_OBJ) -Wl,--version-script=httptrace/preload/exports.map \
	  -Wl,-z,lazy -Wl,-z,defs -Wl,--unresolved-symbols=ignore-all -ldl -lpthread
all: build/libhttptrace-preload.so
install: install-preload
.PHONY: install-preload
install-preload: build/libhttptrace-preload.so
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 755 build/libhttptrace-preload.so $(DESTDIR)$(PREFIX)/lib/

# demo, check and bench install packages first, then run a fresh make: the
# variables above (llvm-config, pkg-config) are read again once installed.
DEPS_LEVEL ?= test
deps:
	@sh mk/deps.sh $(DEPS_LEVEL)

demo:
	@sh mk/deps.sh build
	@$(MAKE) --no-print-directory all
	./build/canalyze --pointer fixtures/demo
	./build/canalyze --pointer --hotspots fixtures/demo
	./build/canalyze --pointer --format svg -o build/demo.svg fixtures/demo && echo "wrote build/demo.svg"

# The test build: every binary with ASan+UBSan, then prove over tests/*.t.
# Each .t finds the binaries through $BUILD.
check:
	@sh mk/deps.sh test
	@$(MAKE) --no-print-directory test

test: $(BIN_ASAN)
	BUILD=$(CURDIR)/build/asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  prove -j2 --timer $(PROVE_FLAGS) tests/*.t

# canalyze on its own source, as sparse's selfcheck: every TU must parse
# (exit 0) and --pointer must resolve its calls through pointers.
# tests/selfcheck.t runs it with the test build (CANALYZE=...).
CANALYZE ?= build/canalyze
SELF_FLAGS := -std=c11 -D_GNU_SOURCE -I. -Ianalyzer -Ihttptrace -DCA_VERSION='"$(VERSION)"' -isystem $(CLANG_INC) $(PC_CFLAGS)
selfcheck: $(if $(filter build/canalyze,$(CANALYZE)),build/canalyze)
	$(CANALYZE) --pointer -q --format $(or $(SELF_FORMAT),text) $(if $(SELF_OUT),-o $(SELF_OUT)) \
	  analyzer cli httptrace -- $(SELF_FLAGS)

bench:
	@sh mk/deps.sh bench
	@$(MAKE) --no-print-directory all
	sh bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 build/canalyze build/httptrace $(DESTDIR)$(PREFIX)/bin/
	install -m 644 build/libcanalyze.a build/libhttptrace.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 analyzer/canalyze.h httptrace/httptrace.h $(DESTDIR)$(PREFIX)/include/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 docs/man/canalyze.1 docs/man/httptrace.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	sed -e 's|@PREFIX@|$(PREFIX)|g; s|@CLANG_LIB@|$(CLANG_LIB)|g; s|@VERSION@|$(VERSION)|g' mk/canalyze.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/canalyze.pc
	sed -e 's|@PREFIX@|$(PREFIX)|g; s|@VERSION@|$(VERSION)|g' mk/httptrace.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/httptrace.pc

clean:
	rm -rf build

# The flags a file outside analyzer/clang/ is compiled with (tests/hygiene.t).
print-cflags:
	@echo $(BASE_CFLAGS)
