module kubectl-csr.test/go-identity

go 1.26
