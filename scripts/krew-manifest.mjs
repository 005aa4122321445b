// The krew manifest is plugin.yaml at the root, written as krew-release-bot's template: Go text/template
// (https://pkg.go.dev/text/template) with {{ .TagName }} and {{addURIAndSha "URL" .TagName }}, which the bot turns
// into `uri: URL` and, on the next line indented by 4, `sha256: …` of the archive it downloads from URL
// (krew-release-bot pkg/source/template.go). renderManifest() does what the bot does, with the sha256 of the archive
// on disk, so that release/vX.Y.Z/plugin.yaml is the manifest the bot will send to krew-index, byte for byte.
// It knows only the actions the bot's template language is used for here, and refuses any other.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const PLUGIN_NAME = 'csr';
export const TEMPLATE_FILE = fileURLToPath(new URL('../plugin.yaml', import.meta.url));

export function readTemplate(file = TEMPLATE_FILE) {
  return readFileSync(file, 'utf8');
}

/**
 * The template rendered for a release tag. uriAndSha(url) gives { uri, sha256 } for an addURIAndSha URL (already
 * rendered with the tag); the bot's answer is { uri: url, sha256: <the downloaded archive's> }.
 */
export function renderManifest(template, { tag, uriAndSha }) {
  return renderActions(template, (action) => {
    if (action === '.TagName') return tag;
    const call = /^addURIAndSha\s+("(?:[^"\\]|\\.)*")\s+\.TagName$/.exec(action);
    if (call) {
      const { uri, sha256 } = uriAndSha(renderManifest(JSON.parse(call[1]), { tag, uriAndSha }));
      return `uri: ${uri}\n    sha256: ${sha256}`;
    }
    throw new Error(`plugin.yaml: {{${action}}} is not one of the actions krew-release-bot's template is used with here`);
  });
}

/**
 * text/template's lexing of {{ … }}: a quoted string may hold "}}", a comment {{/* … *\/}} renders to nothing, and
 * "{{- " and " -}}" trim the white space before and after the action.
 */
function renderActions(text, evaluate) {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) return out + text.slice(at);
    let before = text.slice(at, open);
    let i = open + 2;
    if (text.startsWith('- ', i)) {
      before = before.trimEnd();
      i += 2;
    }
    out += before;
    let close;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error('plugin.yaml: a comment {{/* is never closed');
      close = end + 2;
    } else {
      for (close = i; close < text.length && !text.startsWith('}}', close) && !text.startsWith(' -}}', close); close++) {
        if (text[close] === '"') {
          for (close++; close < text.length && text[close] !== '"'; close++) if (text[close] === '\\') close++;
        }
      }
      out += evaluate(text.slice(i, close).trim());
    }
    const trim = text.startsWith(' -}}', close);
    if (!trim && !text.startsWith('}}', close)) throw new Error(`plugin.yaml: an action at offset ${open} is never closed`);
    at = close + (trim ? 4 : 2);
    if (trim) at += text.slice(at).length - text.slice(at).trimStart().length;
  }
}

/**
 * Each platform of the template, in order, as krew will read it: { os, arch, bin, files, url, text } where url is the
 * addURIAndSha URL rendered with tag, and text the platform's own lines of the template.
 */
export function templatePlatforms(template, tag) {
  const { head, blocks } = splitPlatforms(template);
  return blocks.map((text) => {
    let url;
    const rendered = renderManifest(head + text, { tag, uriAndSha: (u) => ((url = u), { uri: u, sha256: '0'.repeat(64) }) });
    const platform = yaml.load(rendered).spec.platforms[0];
    const { os, arch } = platform.selector?.matchLabels ?? {};
    if (!os || !arch) throw new Error('plugin.yaml: every platform selects one os and arch with matchLabels');
    return { os, arch, bin: platform.bin, files: platform.files ?? [], url, text };
  });
}

/** The template with only the platforms keep() says yes to (a release of some targets only). */
export function keepPlatforms(template, keep) {
  const { head, blocks, tail } = splitPlatforms(template);
  const platforms = templatePlatforms(template, 'v0.0.0');
  return head + blocks.filter((_, i) => keep(platforms[i])).join('') + tail;
}

/** The text before the platforms' list, each platform's lines (from its "  - "), and what follows the list. */
function splitPlatforms(template) {
  const lines = template.split(/(?<=\n)/);
  const start = lines.findIndex((line) => line === '  platforms:\n');
  if (start < 0) throw new Error('plugin.yaml: no "  platforms:" line');
  let end = start + 1;
  const blocks = [];
  for (; end < lines.length && /^( {2}- | {3,}\S)/.test(lines[end]); end++) {
    if (lines[end].startsWith('  - ')) blocks.push('');
    else if (!blocks.length) throw new Error('plugin.yaml: the platforms are a list of "  - selector:" items');
    blocks[blocks.length - 1] += lines[end];
  }
  return { head: lines.slice(0, start + 1).join(''), blocks, tail: lines.slice(end).join('') };
}
