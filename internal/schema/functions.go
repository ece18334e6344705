package schema

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// Function is one overload of a function or procedure that the migrations
// created.
type Function struct {
	Schema, Name string
	// Args is the signature of the input arguments as SQL types
	// ("int4,text"), the part of the identity that DROP and ALTER use.
	Args string
	// Volatility is 'i' (IMMUTABLE), 's' (STABLE) or 'v' (VOLATILE, which
	// CREATE FUNCTION assumes when none is written).
	Volatility byte
	Procedure  bool
	Created    Origin
}

// Key returns the qualified name of the function (without arguments).
func (f *Function) Key() string { return Key(f.Schema, f.Name) }

// Function returns the overloads of the function schema.name that the
// migrations created, in creation order, or nil when it is not known.
func (c *Catalog) Function(schema, name string) []*Function { return c.funcs[Key(schema, name)] }

// FunctionVolatility returns the volatility of the function schema.name
// as the migrations declared it: the most volatile of its overloads
// ('v' over 's' over 'i'), or 0 when the migrations did not create it.
func (c *Catalog) FunctionVolatility(schema, name string) byte {
	var v byte
	for _, f := range c.funcs[Key(schema, name)] {
		if volatilityRank(f.Volatility) > volatilityRank(v) {
			v = f.Volatility
		}
	}
	return v
}

func volatilityRank(v byte) int {
	switch v {
	case 'i':
		return 1
	case 's':
		return 2
	case 'v':
		return 3
	}
	return 0
}

// function replays the statements that create, change or drop functions.
func (r *replay) function(stmt *pgparse.Node) {
	switch n := stmt.Node.(type) {
	case *pgparse.Node_CreateFunctionStmt:
		r.createFunction(n.CreateFunctionStmt)
	case *pgparse.Node_AlterFunctionStmt:
		af := n.AlterFunctionStmt
		if v := volatilityOption(af.Actions); v != 0 {
			for _, f := range r.findFunctions(af.Func) {
				f.Volatility = v
			}
		}
	case *pgparse.Node_DropStmt:
		d := n.DropStmt
		if d.RemoveType != pgparse.ObjectType_OBJECT_FUNCTION && d.RemoveType != pgparse.ObjectType_OBJECT_PROCEDURE &&
			d.RemoveType != pgparse.ObjectType_OBJECT_ROUTINE {
			return
		}
		for _, o := range d.Objects {
			for _, f := range r.findFunctions(o.GetObjectWithArgs()) {
				r.removeFunction(f)
			}
		}
	case *pgparse.Node_RenameStmt:
		rs := n.RenameStmt
		switch rs.RenameType {
		case pgparse.ObjectType_OBJECT_FUNCTION, pgparse.ObjectType_OBJECT_PROCEDURE, pgparse.ObjectType_OBJECT_ROUTINE:
			for _, f := range r.findFunctions(rs.GetObject().GetObjectWithArgs()) {
				r.removeFunction(f)
				f.Name = rs.Newname
				r.addFunction(f)
			}
		}
	case *pgparse.Node_AlterObjectSchemaStmt:
		as := n.AlterObjectSchemaStmt
		switch as.ObjectType {
		case pgparse.ObjectType_OBJECT_FUNCTION, pgparse.ObjectType_OBJECT_PROCEDURE, pgparse.ObjectType_OBJECT_ROUTINE:
			for _, f := range r.findFunctions(as.GetObject().GetObjectWithArgs()) {
				r.removeFunction(f)
				f.Schema = as.Newschema
				r.addFunction(f)
			}
		}
	}
}

func (r *replay) createFunction(cf *pgparse.CreateFunctionStmt) {
	sch, name := qualified(cf.Funcname)
	if name == "" {
		return
	}
	if sch == "" {
		sch = r.schema
	}
	if sch == "" {
		sch = "public"
	}
	var args []string
	for _, p := range cf.Parameters {
		fp := p.GetFunctionParameter()
		if fp == nil || fp.Mode == pgparse.FunctionParameterMode_FUNC_PARAM_OUT ||
			fp.Mode == pgparse.FunctionParameterMode_FUNC_PARAM_TABLE {
			continue
		}
		args = append(args, argType(fp.ArgType))
	}
	f := &Function{Schema: sch, Name: name, Args: strings.Join(args, ","), Volatility: 'v',
		Procedure: cf.IsProcedure, Created: r.at}
	if v := volatilityOption(cf.Options); v != 0 {
		f.Volatility = v
	}
	for _, old := range r.c.funcs[f.Key()] {
		if old.Args == f.Args {
			if !cf.Replace {
				return // PostgreSQL: the function already exists
			}
			old.Volatility, old.Procedure = f.Volatility, f.Procedure
			return
		}
	}
	r.addFunction(f)
}

func (r *replay) addFunction(f *Function) {
	if r.c.funcs == nil {
		r.c.funcs = map[string][]*Function{}
	}
	r.c.funcs[f.Key()] = append(r.c.funcs[f.Key()], f)
}

func (r *replay) removeFunction(f *Function) {
	k := f.Key()
	r.c.funcs[k] = filter(r.c.funcs[k], func(g *Function) bool { return g != f })
	if len(r.c.funcs[k]) == 0 {
		delete(r.c.funcs, k)
	}
}

// findFunctions returns the overloads an ObjectWithArgs names: the one with
// the given argument types, or every overload when none are given.
func (r *replay) findFunctions(o *pgparse.ObjectWithArgs) []*Function {
	if o == nil {
		return nil
	}
	sch, name := qualified(o.Objname)
	if sch == "" {
		sch = r.schema
	}
	all := r.c.funcs[Key(sch, name)]
	if o.ArgsUnspecified {
		return append([]*Function(nil), all...)
	}
	var args []string
	for _, a := range o.Objargs {
		args = append(args, argType(a.GetTypeName()))
	}
	sig := strings.Join(args, ",")
	for _, f := range all {
		if f.Args == sig {
			return []*Function{f}
		}
	}
	return nil
}

// argType renders an argument type for a signature: modifiers do not take
// part in a function's identity.
func argType(tn *pgparse.TypeName) string {
	t := TypeOf(tn)
	t.Mods = nil
	if b, ok := t.SerialBase(); ok {
		t = b
	}
	return t.String()
}

// volatilityOption reads IMMUTABLE, STABLE or VOLATILE from the options of
// CREATE FUNCTION or the actions of ALTER FUNCTION, 0 when absent.
func volatilityOption(opts []*pgparse.Node) byte {
	var v byte
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || d.Defname != "volatility" {
			continue
		}
		switch d.Arg.GetString_().GetSval() {
		case "immutable":
			v = 'i'
		case "stable":
			v = 's'
		case "volatile":
			v = 'v'
		}
	}
	return v
}

// cloneFunctions copies the function catalog for Clone.
func (c *Catalog) cloneFunctions(n *Catalog) {
	if len(c.funcs) == 0 {
		return
	}
	n.funcs = make(map[string][]*Function, len(c.funcs))
	for k, fs := range c.funcs {
		out := make([]*Function, len(fs))
		for i, f := range fs {
			cp := *f
			out[i] = &cp
		}
		n.funcs[k] = out
	}
}
