module example.com/localvar

go 1.26

require github.com/pressly/goose/v3 v3.0.0

replace github.com/pressly/goose/v3 => ./stubs/goose
