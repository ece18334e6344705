CREATE TABLEX broken; -- want `^syntax-error: syntax error at or near "TABLEX"`
