package cli

import "github.com/migguard/migguard/internal/cache"

// openCache opens the cache of lint results that the environment names
// (internal/cache: MIGGUARD_CACHE, else the user's cache directory), or
// returns nil, a cache that is off, when off is set, MIGGUARD_CACHE is
// "off" or this build cannot be told apart from another.
func openCache(e *env, off bool) *cache.Cache {
	dir := cache.Dir(e.getenv)
	if off || dir == "" {
		return nil
	}
	ns, ok := cache.Namespace(version())
	if !ok {
		return nil
	}
	return cache.Open(dir, "migguard "+ns)
}
