# Test harness settings shared by every area's tests. Each area adds its
# own check programs and scripts to TESTS in its own local.mk.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_SH_LOG_FLAGS =
EXTRA_DIST += tests/bench.sh tests/lib.sh tests/slurm-env.sh
