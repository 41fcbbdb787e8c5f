// Builds the self-check page into a folder (default examples/self-check/dist): `node examples/self-check/build.mjs [OUT]`.
// esbuild bundles main.ts with jiuzhu for the browser — no Node shims — splitting each bundled policy into a chunk
// of its own, fetched only when a person picks a region of that province. Prints each file's size, gzipped.
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Builds the page into `out` and returns each file's size, raw and gzipped.
 *
 * @example
 * const sizes = await buildSelfCheck('/tmp/self-check'); // [{ file: 'app.js', bytes: …, gzip: … }, …]
 */
export async function buildSelfCheck(out = join(here, 'dist')) {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'main.ts') },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(here, file), join(out, file));
  return files(out).map((file) => {
    const bytes = readFileSync(join(out, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

function files(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const sizes = await buildSelfCheck(process.argv[2] ? resolve(process.argv[2]) : undefined);
  for (const { file, bytes, gzip } of sizes) console.log(`${file.padEnd(40)} ${String(bytes).padStart(9)} B  ${String(gzip).padStart(8)} B gzipped`);
}
