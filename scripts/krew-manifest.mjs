// The krew plugin manifest (https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest/), written from one
// description of the plugin in two forms: plugin.yaml for a release, with each archive's URL and sha256, and
// .krew.yaml, the template krew-release-bot fills in for krew-index (`{{ .TagName }}`, and addURIAndSha, which
// downloads the archive and prints `uri:` and `sha256:` indented for a platform entry, as below).
// test/package/krew-manifest.test.ts checks plugin.yaml against krew's rules and .krew.yaml against this file.

export const PLUGIN_NAME = 'csr';

/** owner/name on GitHub; the release workflow sets it from github.repository. */
export function repository(env = process.env) {
  return env.KUBECTL_CSR_REPOSITORY || 'kubectl-csr/kubectl-csr';
}

export function archiveName(version, target) {
  return `kubectl-csr_${version}_${target.os}_${target.arch}.${target.os === 'windows' ? 'zip' : 'tar.gz'}`;
}

/** What each archive holds, in this order; krew copies all of it into the plugin's directory. */
export function archiveFiles(target) {
  const windows = target.os === 'windows';
  return [
    { name: windows ? 'kubectl-csr.exe' : 'kubectl-csr', mode: 0o755, role: 'bin' },
    { name: windows ? 'kubectl_complete-csr.cmd' : 'kubectl_complete-csr', mode: 0o755, role: 'completion' },
    { name: 'LICENSE', mode: 0o644, role: 'license' },
    { name: 'THIRD_PARTY_LICENSES', mode: 0o644, role: 'notices' },
  ];
}

const SHORT_DESCRIPTION = 'Request, approve and hand out Kubernetes client certificates';

const DESCRIPTION = `Requests, reviews, approves and hands out Kubernetes client certificates
through the CertificateSigningRequest API. One command generates a key,
submits the CSR, approves it and writes a kubeconfig for the new user; others
list and decode CSRs, check them against the signer's rules before approval,
and fetch issued certificates. One self-contained binary: no Node.js needed.`;

const CAVEATS = `Shell completion of "kubectl csr ..." (kubectl 1.26 or newer, with kubectl's
own completion loaded) needs kubectl_complete-csr on your PATH. krew links
only kubectl-csr, so add it once:

  printf '#!/bin/sh\\nexec kubectl-csr __complete "$@"\\n' \\
    > "\${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-csr"
  chmod +x "\${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-csr"

(On Windows, copy kubectl_complete-csr.cmd from the release archive.)
For kubectl-csr run on its own, see: kubectl-csr completion --help`;

/**
 * The manifest as YAML text; sha256 is quoted, as a digest of only digits would read as a number. platforms: [{ target, uri, sha256 }] for plugin.yaml; for the .krew.yaml template,
 * version is "{{ .TagName }}" and each platform's uri and sha256 give way to the addURIAndSha call.
 */
export function krewManifest({ version, homepage, platforms, template = false }) {
  const lines = [
    'apiVersion: krew.googlecontainertools.github.com/v1alpha2',
    'kind: Plugin',
    'metadata:',
    `  name: ${PLUGIN_NAME}`,
    'spec:',
    `  version: ${version}`,
    `  homepage: ${homepage}`,
    `  shortDescription: ${SHORT_DESCRIPTION}`,
    '  description: |',
    ...indent(DESCRIPTION, 4),
    '  caveats: |',
    ...indent(CAVEATS, 4),
    '  platforms:',
  ];
  for (const { target, uri, sha256 } of platforms) {
    const files = archiveFiles(target);
    lines.push(
      '  - selector:',
      '      matchLabels:',
      `        os: ${target.os}`,
      `        arch: ${target.arch}`,
      ...(template ? [`    {{addURIAndSha "${uri}" .TagName }}`] : [`    uri: ${uri}`, `    sha256: "${sha256}"`]),
      `    bin: ${files.find((f) => f.role === 'bin').name}`,
      '    files:',
      ...files.flatMap((f) => [`    - from: ${f.name}`, '      to: .']),
    );
  }
  return lines.join('\n') + '\n';
}

/** Where a release archive is downloaded from. */
export function downloadUrl(repo, version, target) {
  return `https://github.com/${repo}/releases/download/${version}/${archiveName(version, target)}`;
}

function indent(text, spaces) {
  return text.split('\n').map((line) => (line ? ' '.repeat(spaces) + line : ''));
}
