package alembic

// expandComp evaluates a comprehension over literal values
// ([{"key": k} for k in KEYS], {k: v for k, v in d.items()}) into the
// display it builds; ok is false when the iterable, a condition or an
// element is only known at run time.
func (in *interp) expandComp(d *exSeq) (out *exSeq, ok bool) {
	c := d.comp
	items, ok := in.iterate(c.iter)
	if !ok || len(items) > maxUnrolled || in.depth > 8 {
		return nil, false
	}
	out = &exSeq{open: d.open}
	defer func() {
		if r := recover(); r != nil {
			if _, isU := r.(*untranslatable); !isU {
				panic(r)
			}
			out, ok = nil, false
		}
	}()
	for _, it := range items {
		in.scope(func() {
			if !in.bindTargets(c.targets, it) {
				ok = false
				return
			}
			if c.cond != nil {
				switch in.truth(c.cond) {
				case unknown:
					ok = false
					return
				case no:
					return
				}
			}
			if len(d.dict) == 1 {
				out.dict = append(out.dict, kwpair{in.materialize(d.dict[0].k), in.materialize(d.dict[0].v)})
			} else {
				out.elems = append(out.elems, in.materialize(d.elems[0]))
			}
		})
		if !ok {
			return nil, false
		}
	}
	if len(d.dict) == 1 && out.dict == nil {
		out.dict = []kwpair{}
	}
	return out, true
}

// bindTargets binds loop targets to an item: one name, or a tuple.
func (in *interp) bindTargets(targets []string, it expr) bool {
	vals := []expr{it}
	if len(targets) > 1 {
		seq, ok := in.resolve(it).(*exSeq)
		if !ok || len(seq.elems) != len(targets) {
			return false
		}
		vals = seq.elems
	}
	for i, t := range targets {
		in.unbind(t)
		in.vars[t] = vals[i]
	}
	return true
}

// materialize copies an expression with the names bound in scope
// replaced by their values and f-strings evaluated, so that it keeps its
// meaning outside the scope (a comprehension's element).
func (in *interp) materialize(e expr) expr {
	in.enter()
	defer in.leave()
	switch v := e.(type) {
	case *exName:
		if r, ok := in.vars[v.tok.text]; ok {
			return in.materialize(r)
		}
	case *exStr:
		if v.dynamic {
			if s, err := in.fstring(v); err == nil {
				return &exStr{tok: v.tok, val: s, parts: []token{{kind: tString, val: s, off: v.tok.off, line: v.tok.line}}}
			}
		}
	case *exSeq:
		if v.comp != nil {
			if x, ok := in.expandComp(v); ok {
				return x
			}
			return v
		}
		out := &exSeq{open: v.open, other: v.other}
		for _, el := range v.elems {
			out.elems = append(out.elems, in.materialize(el))
		}
		for _, kv := range v.dict {
			out.dict = append(out.dict, kwpair{in.materialize(kv.k), in.materialize(kv.v)})
		}
		return out
	case *exCall:
		out := &exCall{fn: in.materialize(v.fn), star: v.star, stars: v.stars, end: v.end}
		for _, a := range v.args {
			out.args = append(out.args, in.materialize(a))
		}
		for _, k := range v.kw {
			out.kw = append(out.kw, kwarg{name: k.name, val: in.materialize(k.val), tok: k.tok})
		}
		return out
	case *exAttr:
		return &exAttr{x: in.materialize(v.x), name: v.name}
	case *exBin:
		return &exBin{tok: v.tok, op: v.op, l: in.materialize(v.l), r: in.materialize(v.r), text: v.text}
	case *exUnary:
		return &exUnary{tok: v.tok, op: v.op, x: in.materialize(v.x), text: v.text}
	case *exIndex:
		if r := in.index(v); r != nil {
			return in.materialize(r)
		}
	}
	return e
}

// index evaluates x[i] of a literal tuple, list or dict with a literal
// index; nil when it cannot.
func (in *interp) index(v *exIndex) expr {
	if len(v.idx) < 3 {
		return nil
	}
	p := &parser{src: in.m.src, toks: v.idx[1 : len(v.idx)-1]}
	i := p.expr()
	if p.peek() != nil {
		return nil
	}
	seq, ok := in.resolve(v.x).(*exSeq)
	if !ok || seq.other {
		return nil
	}
	if seq.dict != nil {
		key, ok := in.scalar(i)
		if !ok {
			return nil
		}
		for _, kv := range seq.dict {
			if k, ok := in.scalar(kv.k); ok && k == key {
				return kv.v
			}
		}
		return nil
	}
	n, ok := in.resolve(i).(*exNum)
	if !ok {
		return nil
	}
	idx := 0
	for _, ch := range n.tok.text {
		if ch < '0' || ch > '9' {
			return nil
		}
		idx = idx*10 + int(ch-'0')
	}
	if idx >= len(seq.elems) {
		return nil
	}
	return seq.elems[idx]
}
