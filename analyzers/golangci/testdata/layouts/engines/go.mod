module example.com/engines

go 1.26
