// The core page (core-page.ts) bundled as a browser application would bundle jiuzhu: the browser test runs it, the
// packaging bench weighs it.
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles the page for `platform: 'browser'` with nothing marked external and no shims: a `node:` import anywhere
 * in what it reaches fails the build. Returns the minified script.
 *
 * @example
 * const script = await bundleCorePage(); // Uint8Array
 */
export async function bundleCorePage() {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'core-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}
