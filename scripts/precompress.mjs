// Writes a brotli (quality 11) and a gzip (level 9) copy beside every HTML, JS, wasm and CSS
// file of a directory, for the server to send as they are (crates/server/src/spa.rs).
// Trunk runs it after each build (Trunk.toml); Node's own zlib, nothing to install.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/precompress.mjs DIR (or TRUNK_STAGING_DIR)');

for (const name of readdirSync(dir)) {
  if (!/\.(html|js|wasm|css)$/.test(name)) continue;
  const file = join(dir, name);
  const bytes = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
}
