// Builds the SPA's wasm into Trunk's staging directory, split: what the first screen needs,
// and the parts marked `#[lazy]` (the "+ Créer" dialog, search, a thread…), fetched when
// first used (see buildSplit); and the admin pages' and the item panel's entry points
// beside it, whole (see buildEntry). The app's first download is about 17 KB brotli smaller for it
// (BENCHMARKS.md, issue 11), which keeps it within PRODUCT.md's 350 KB.
//
// Trunk runs it after each build (Trunk.toml, post_build), as Trunk 0.21 cannot split a
// wasm itself. The steps are those of `cargo leptos --split`:
//   1. cargo builds the wasm, its relocations kept (`--emit-relocs`, .cargo/config.toml);
//   2. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/setup) cuts it at
//      the `#[lazy]` functions into a main module, one module per split, and a JS module that
//      loads them;
//   3. wasm-bindgen makes the main module's JS glue, keeping the exports the splits link to;
//   4. in release builds, wasm-opt (index.html's flags of old, here) and terser shrink them.
// Every file is named with one hash of the whole build (`parlons-<hash>…`), which the server
// serves as immutable (crates/server/src/spa.rs); index.html gets the module that starts the
// app and preloads for the first screen's files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by Trunk (post_build hook): TRUNK_STAGING_DIR is not set');
const release = process.env.TRUNK_PROFILE === 'release';
const profile = release ? 'wasm-release' : 'dev';
const target = process.env.CARGO_TARGET_DIR ?? join(process.env.TRUNK_SOURCE_DIR ?? '.', 'target');
const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

// The app, with its `#[lazy]` parts to split off; then the admin pages (src/bin/admin.rs)
// and the item panel (src/bin/widget.rs) without them (feature `split`, Cargo.toml). Cargo
// keeps both builds of the crate apart; the dependencies are built once for both.
run('cargo', ['build', '-p', 'parlons', '--bin', 'parlons', '--target', 'wasm32-unknown-unknown', '--profile', profile]);
run('cargo', ['build', '-p', 'parlons', '--no-default-features', '--bin', 'parlons-admin', '--bin', 'parlons-widget', '--target', 'wasm32-unknown-unknown', '--profile', profile]);
const builtDir = join(target, 'wasm32-unknown-unknown', release ? 'wasm-release' : 'debug');
// index.html as Trunk wrote it (its stylesheet and icon linked), before the app's start
// module is added: the template of the other entry points' pages too.
const index = join(staging, 'index.html');
const template = readFileSync(index, 'utf8')
  // Trunk leaves the skipped rust link in place: it means nothing to a browser.
  .replace(/<link[^>]*data-trunk-skip[^>]*>/, '');
if (!template.includes('</head>')) throw new Error('index.html has no </head>');
const shrink = (path) => {
  // See index.html's former `data-wasm-opt-params` and BENCHMARKS.md (issue 9) for these.
  run('wasm-opt', ['-O3', '--low-memory-unused', '--converge', '--one-caller-inline-max-function-size=50',
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', path, '-o', path]);
};

const work = mkdtempSync(join(tmpdir(), 'parlons-wasm-'));
try {
  writeFileSync(index, template.replace('</head>', `${buildSplit(work, 'parlons').join('')}</head>`));
  // The admin pages ask who is logged in, never for the conversations.
  buildEntry(work, { bin: 'parlons-admin', css: 'admin', page: 'admin.html', title: 'Parlons · Administration', drop: /<link[^>]*\/api\/v1\/conversations[^>]*>/ });
  // The item panel authenticates with its ticket: nothing to ask before it runs.
  buildEntry(work, { bin: 'parlons-widget', css: 'widget', page: 'widget.html', title: 'Parlons', drop: /<link[^>]*\/api\/v1\/[^>]*>/g });
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Builds `bin`'s wasm split in parts: what its first screen needs, one module per `#[lazy]`
// function and the code several of them share, fetched when first used. Returns the tags
// that preload the first screen's files and start it.
function buildSplit(work, bin) {
  const split = join(work, bin, 'split');
  const bound = join(work, bin, 'bound');
  run('wasm-split-cli', [join(builtDir, `${bin}.wasm`), split, '--out-name', bin]);
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--out-name', bin, '--out-dir', bound, join(split, `${bin}.wasm`)]);

  // The files, by their names as the tools wrote them.
  const files = new Map();
  files.set(`${bin}.js`, readFileSync(join(bound, `${bin}.js`), 'utf8'));
  files.set(`${bin}_bg.wasm`, join(bound, `${bin}_bg.wasm`));
  files.set('__wasm_split.js', readFileSync(join(split, '__wasm_split.js'), 'utf8'));
  // `split_*`: one per `#[lazy]` function; `chunk_*`: code two or more of them share (not
  // the first screen), fetched with the first of them to be used.
  const chunks = readdirSync(split).filter((name) => /^(split|chunk)_.*\.wasm$/.test(name));
  for (const chunk of chunks) files.set(chunk, join(split, chunk));

  if (release) {
    for (const [name, path] of files) {
      if (name.endsWith('.wasm')) shrink(path);
    }
  }

  // One hash of everything, in every name.
  const hash = createHash('sha256');
  for (const [name, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(name.endsWith('.wasm') ? readFileSync(content) : content);
  }
  const id = hash.digest('hex').slice(0, 16);
  const names = new Map([
    [`${bin}.js`, `${bin}-${id}.js`],
    [`${bin}_bg.wasm`, `${bin}-${id}_bg.wasm`],
    ['__wasm_split.js', `${bin}-split-${id}.js`],
  ]);
  for (const chunk of chunks) {
    const what = chunk.startsWith('chunk_')
      ? chunk.replace(/\.wasm$/, '').replaceAll('_', '-')
      : chunk.replace(/^split_/, '').replace(/_\d+\.wasm$/, '').replaceAll('_', '-');
    names.set(chunk, `${bin}-${what}-${id}.wasm`);
  }
  // Where one file names another: module specifiers and fetched URLs, never the wasm's own
  // import module names (`"./__wasm_split.js": import1` in the glue stays as it is).
  const renamed = (text) => {
    for (const [from, to] of names) {
      for (const quote of ['"', "'"]) {
        text = text
          .replaceAll(`from ${quote}./${from}${quote}`, `from ${quote}./${to}${quote}`)
          .replaceAll(`new URL(${quote}./${from}${quote}`, `new URL(${quote}./${to}${quote}`);
      }
    }
    return text;
  };

  for (const [name, content] of files) {
    const out = join(staging, names.get(name));
    if (name.endsWith('.wasm')) {
      writeFileSync(out, readFileSync(content));
      continue;
    }
    writeFileSync(out, renamed(content));
    if (release) run('terser', [out, '--module', '--compress', '--mangle', '-o', out]);
  }
  return [
    `<link rel="modulepreload" href="/${names.get('__wasm_split.js')}">`,
    ...starter(`${bin}-start-${id}.js`, names.get(`${bin}.js`), names.get(`${bin}_bg.wasm`)),
  ];
}

// Builds `bin`'s wasm whole, not split. Returns the tags that preload its files and start it.
function buildWhole(work, bin) {
  const bound = join(work, bin);
  run('wasm-bindgen', ['--target', 'web', '--no-demangle', '--out-name', bin, '--out-dir', bound, join(builtDir, `${bin}.wasm`)]);
  const wasm = join(bound, `${bin}_bg.wasm`);
  writeFileSync(wasm, withoutLinkerSections(readFileSync(wasm)));
  if (release) shrink(wasm);
  const glue = readFileSync(join(bound, `${bin}.js`), 'utf8');
  const id = createHash('sha256').update(glue).update(readFileSync(wasm)).digest('hex').slice(0, 16);
  const names = { js: `${bin}-${id}.js`, wasm: `${bin}-${id}_bg.wasm` };
  writeFileSync(join(staging, names.wasm), readFileSync(wasm));
  writeFileSync(join(staging, names.js), glue);
  if (release) run('terser', [join(staging, names.js), '--module', '--compress', '--mangle', '-o', join(staging, names.js)]);
  return starter(`${bin}-start-${id}.js`, names.js, names.wasm);
}

// An entry point besides the app (the admin pages, `/admin`, src/admin.rs; the item panel,
// `/embed/...`, src/widget.rs): one wasm, not split, with its own stylesheet
// (style/<css>.css) on top of the app's, in its own page made from index.html, without the
// preloads `drop` matches.
function buildEntry(work, { bin, css, page, title, drop }) {
  const start = buildWhole(work, bin);
  const style = readFileSync(`style/${css}.css`, 'utf8');
  const styleName = `${css}-${createHash('sha256').update(style).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(staging, styleName), style);
  const head = [`<link rel="stylesheet" href="/${styleName}">`, ...start].join('');
  const html = template
    .replace(drop, '')
    .replace('<title>Parlons</title>', `<title>${title}</title>`)
    .replace('</head>', `${head}</head>`);
  writeFileSync(join(staging, page), html);
}

// Writes the module that starts an entry point (its JS glue `js` on its wasm), named `start`;
// the tags that preload both and run it.
function starter(start, js, wasm) {
  writeFileSync(join(staging, start), `import init from './${js}';\ninit({ module_or_path: new URL('./${wasm}', import.meta.url) });\n`);
  return [
    `<link rel="modulepreload" href="/${js}">`,
    `<link rel="preload" href="/${wasm}" as="fetch" type="application/wasm" crossorigin>`,
    `<script type="module" src="/${start}"></script>`,
  ];
}

// A wasm module without the sections only a linker reads (`linking`, `reloc.*`), which
// `--emit-relocs` (kept for wasm-split, .cargo/config.toml) leaves in every binary: wasm-split
// consumes them for the app; the admin pages' module would carry them to the browser, and
// wasm-opt cannot keep them right anyway.
function withoutLinkerSections(bytes) {
  const kept = [bytes.subarray(0, 8)]; // magic number and version
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    let name = '';
    if (id === 0) {
      const length = leb();
      name = bytes.subarray(at, at + length).toString();
    }
    if (!(name === 'linking' || name.startsWith('reloc.'))) kept.push(bytes.subarray(start, end));
    at = end;
  }
  return Buffer.concat(kept);
}
