module example.com/slice

go 1.26
