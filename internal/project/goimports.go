package project

import "fmt"

// DialectOfImports returns the engine that Go code talks to, from the
// database drivers and dialects among its imports (as Set.Dialect reads
// the packages that embed a set): found is false when they name no engine
// or several. The analyzers ask it of a package that writes migrations in
// Go: a package of ClickHouse migrations is left alone as its .sql files
// would be.
func DialectOfImports(imports []string) (d Dialect, found bool) {
	engines := map[Engine]string{}
	for _, imp := range imports {
		if e, ok := driverEngine(imp); ok && engines[e] == "" {
			engines[e] = imp
		}
	}
	if len(engines) != 1 {
		return Dialect{}, false
	}
	for e, imp := range engines {
		d = Dialect{Engine: e, Why: fmt.Sprintf("the package imports %s", imp)}
	}
	return d, true
}
