package schema

// This file holds how catalog keys are taken apart: the schema and name of
// a key, and the key of the type a column has.

// splitKey splits a catalog key into schema and name.
func splitKey(k string) (schema, name string) {
	for i := 0; i < len(k); i++ {
		if k[i] == '.' {
			return k[:i], k[i+1:]
		}
	}
	return "public", k
}

// typeKey returns the catalog key of the type a column has.
func typeKey(t Type) string {
	for i := len(t.Name) - 1; i >= 0; i-- {
		if t.Name[i] == '.' {
			return Key(t.Name[:i], t.Name[i+1:])
		}
	}
	return Key("", t.Name)
}
