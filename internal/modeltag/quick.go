package modeltag

import "bytes"

// tagKeys are the struct tag keys that the readers take columns from.
var tagKeys = []string{"gorm", "bun", "pg", "sql", "orm", "db"}

// MayHoldModels reports whether Go source may declare a struct that
// ReadFile reads as a model, without parsing it: it holds a tag key of
// an ORM where a struct tag's key starts (after the tag's backquote or a
// space, as reflect.StructTag reads keys: form:" is no orm:"), a base
// model embedded through its package (gorm.Model, bun.BaseModel), a
// TableName method or a //migguard:model comment. A repository's
// generated API code and its own BaseModel types are not parsed for
// models.
func MayHoldModels(src []byte) bool {
	if hasTagKey(src) {
		return true
	}
	return baseModel(src) || bytes.Contains(src, []byte("migguard:model")) || tableNameCall(src)
}

// baseModel reports whether src holds gorm.Model or .BaseModel, looking
// for Model once.
func baseModel(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("Model"))
		if j < 0 {
			return false
		}
		at := i + j
		if bytes.HasSuffix(src[:at], []byte("gorm.")) || bytes.HasSuffix(src[:at], []byte(".Base")) {
			return true
		}
		i = at + len("Model")
	}
}

// hasTagKey reports whether src holds one of tagKeys followed by :" and
// preceded by a backquote, a space or a tab. It looks at each :" once.
func hasTagKey(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(`:"`))
		if j < 0 {
			return false
		}
		at := i + j
		for _, k := range tagKeys {
			if start := at - len(k); start > 0 && string(src[start:at]) == k &&
				(src[start-1] == '`' || src[start-1] == ' ' || src[start-1] == '\t') {
				return true
			}
		}
		i = at + 2
	}
}

// tableNameCall reports whether src holds TableName followed by an
// opening parenthesis, spaces aside: a TableName method's declaration
// (or a call of one), not a field of that name.
func tableNameCall(src []byte) bool {
	name := []byte("TableName")
	for i := 0; ; {
		j := bytes.Index(src[i:], name)
		if j < 0 {
			return false
		}
		k := i + j + len(name)
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && src[k] == '(' {
			return true
		}
		i += j + 1
	}
}
