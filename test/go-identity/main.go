// go-identity reads PKCS#10 requests as the API server does and prints the identity a certificate for each would
// carry: one base64 DER request per line of stdin, one JSON object per line of stdout, in order. The reference for
// the differential test in test/go-identity/ (issue 21): the request is parsed with crypto/x509's
// ParseCertificateRequest (which the API server's validation and the kube-controller-manager signer call), the user
// and groups are taken as k8s.io/apiserver/pkg/authentication/request/x509 CommonNameUserConversion takes them, and
// the UID as its parseUIDFromCert does (the attribute 1.3.6.1.4.1.57683.2; exactly one, a non-empty string).
// Standard library only, so that building it downloads nothing.
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

type identity struct {
	Error    string   `json:"error,omitempty"`
	User     string   `json:"user"`
	Groups   []string `json:"groups"`
	UID      string   `json:"uid"`
	UIDError string   `json:"uidError,omitempty"`
}

// k8s.io/apimachinery/pkg/apis/asn1 X509UID().
var uidOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57683, 2}

// The same rules as parseUIDFromCert, with the AllowParsingUserUIDFromCertAuth gate on (its default since 1.34).
func uidOf(cr *x509.CertificateRequest) (string, error) {
	uids := []string{}
	for _, name := range cr.Subject.Names {
		if !name.Type.Equal(uidOID) {
			continue
		}
		uid, ok := name.Value.(string)
		if !ok {
			return "", fmt.Errorf("unable to parse UID into a string")
		}
		uids = append(uids, uid)
	}
	if len(uids) == 0 {
		return "", nil
	}
	if len(uids) != 1 {
		return "", fmt.Errorf("expected 1 UID, but found multiple: %v", uids)
	}
	if uids[0] == "" {
		return "", errors.New("UID cannot be an empty string")
	}
	return uids[0], nil
}

func read(line string) identity {
	der, err := base64.StdEncoding.DecodeString(line)
	if err != nil {
		return identity{Error: "base64: " + err.Error()}
	}
	cr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		return identity{Error: err.Error()}
	}
	out := identity{User: cr.Subject.CommonName, Groups: cr.Subject.Organization}
	if out.Groups == nil {
		out.Groups = []string{}
	}
	if out.UID, err = uidOf(cr); err != nil {
		out.UIDError = err.Error()
	}
	return out
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for in.Scan() {
		if err := encoder.Encode(read(in.Text())); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
