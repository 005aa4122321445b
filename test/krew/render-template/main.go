// render-template renders a krew-release-bot template the way the bot does before it opens a krew-index pull
// request (krew-release-bot pkg/source/template.go): Go's text/template over {TagName}, with addURIAndSha(url, tag),
// which renders url as a template over {TagName, Version}, downloads it, and prints "uri: URL", a newline, four
// spaces and "sha256: HEX". test/e2e/krew.test.ts compares its output with what scripts/release.mjs renders.
//
//	go run ./render-template TEMPLATE TAG
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"text/template"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: render-template TEMPLATE TAG")
		os.Exit(2)
	}
	if err := render(os.Args[1], os.Args[2], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "render-template:", err)
		os.Exit(1)
	}
}

func render(file, tag string, out io.Writer) error {
	funcs := template.FuncMap{"addURIAndSha": addURIAndSha}
	t, err := template.New(filepath.Base(file)).Funcs(funcs).ParseFiles(file)
	if err != nil {
		return err
	}
	return t.Execute(out, struct{ TagName string }{tag})
}

func addURIAndSha(url, tag string) (string, error) {
	t, err := template.New("url").Parse(url)
	if err != nil {
		return "", err
	}
	var uri bytes.Buffer
	version := regexp.MustCompile(`\d+(\.\d+)+`).FindString(tag)
	if version == "" {
		version = tag
	}
	if err := t.Execute(&uri, struct{ TagName, Version string }{tag, version}); err != nil {
		return "", err
	}
	resp, err := http.Get(uri.String())
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", uri.String(), resp.Status)
	}
	h := sha256.New()
	if _, err := io.Copy(h, resp.Body); err != nil {
		return "", err
	}
	return fmt.Sprintf("uri: %s\n    sha256: %s", uri.String(), hex.EncodeToString(h.Sum(nil))), nil
}
