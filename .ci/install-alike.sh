# Sourced by .ci/bench and .ci/bench-branch: install_alike SRC DST copies a
# binary as extracting a release archive writes it, a buffer at a time.
# The linker writes its output through a memory mapping, and the kernel
# may keep such a file in 2 MB pages that a process then maps, and counts
# in its RSS, whole: straight from `go build` migguard's start-up showed
# 29 MB of RSS, the same binary copied 17 MB. The benchmarks time copies
# made this way, of both tools where both are timed.
install_alike() {
	cat "$1" >"$2.tmp" && chmod 755 "$2.tmp" && mv "$2.tmp" "$2"
}
