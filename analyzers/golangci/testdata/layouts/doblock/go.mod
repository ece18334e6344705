module example.com/doblock

go 1.26
