// Command etcd is the etcd server, built from go.etcd.io/etcd/server/v3 at the version the chosen Kubernetes
// release names in its go.mod. The upstream binary's main package lives in the root module (go.etcd.io/etcd/v3),
// which only wraps etcdmain.Main; calling it here avoids depending on that module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
