package pgparse

// The parser's JSON output is decoded where the parser wrote it, in C
// memory, instead of being copied into a Go string first as
// parser.ParseToJSON does: on a large set the copies were about an eighth
// of all the memory a lint allocated, each making the next collection
// come sooner. The decoder copies every string it keeps out of the text
// (jsonDecoder.string), so nothing in a tree points into the memory freed
// after decoding.
//
// libpg_query is linked into the program by pg_query_go's parser package;
// these are the declarations of its pg_query.h that the call needs.

/*
#include <stdlib.h>
#include <string.h>

typedef struct {
	char* message;
	char* funcname;
	char* filename;
	int lineno;
	int cursorpos;
	char* context;
} PgQueryError;

typedef struct {
	char* parse_tree;
	char* stderr_buffer;
	PgQueryError* error;
} PgQueryParseResult;

PgQueryParseResult pg_query_parse(const char* input);
void pg_query_free_parse_result(PgQueryParseResult result);
*/
import "C"

import (
	"unsafe"

	"github.com/pganalyze/pg_query_go/v5/parser"
)

// parseJSON parses src and calls decode with the parser's JSON output,
// which is valid only until decode returns. A syntax error is a
// *parser.Error, as parser.ParseToJSON returns it.
func parseJSON(src string, decode func(js string)) error {
	in := C.CString(src)
	defer C.free(unsafe.Pointer(in))
	r := C.pg_query_parse(in)
	defer C.pg_query_free_parse_result(r)
	if r.error != nil {
		return newParserError(r.error)
	}
	decode(unsafe.String((*byte)(unsafe.Pointer(r.parse_tree)), int(C.strlen(r.parse_tree))))
	return nil
}

// newParserError copies the parser's error out of C memory.
func newParserError(e *C.PgQueryError) *parser.Error {
	err := &parser.Error{
		Message:   C.GoString(e.message),
		Lineno:    int(e.lineno),
		Cursorpos: int(e.cursorpos),
	}
	if e.funcname != nil {
		err.Funcname = C.GoString(e.funcname)
	}
	if e.filename != nil {
		err.Filename = C.GoString(e.filename)
	}
	if e.context != nil {
		err.Context = C.GoString(e.context)
	}
	return err
}
