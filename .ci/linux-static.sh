# Sourced by .ci/release and .ci/bench: how a Linux binary of migguard is
# built for release. It is linked statically, so that it runs on any
# distribution whatever its C library (an Alpine CI image, an older glibc),
# and starts without the dynamic loader (0.2 ms of a 3.3 ms start measured
# with .bench/abrun). A static binary cannot load the C library's name
# service modules: host names (apply's --database-url) and the current user (pgx's
# default role) are looked up by Go's own code (netgo, osusergo), from
# /etc/hosts, DNS and /etc/passwd.
linux_static_tags=netgo,osusergo
linux_static_ldflags=-extldflags=-static
