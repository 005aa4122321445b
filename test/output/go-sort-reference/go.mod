module gosortreference

go 1.22
