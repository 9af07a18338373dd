module example.com/havewant

go 1.26
