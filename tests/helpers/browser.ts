// Headless Chromium for the browser tests: Debian's chromium driven by playwright-core (no browser download), and a
// static file server on 127.0.0.1 for the pages (ES modules are not loaded from file:// URLs).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Where Debian's chromium package puts the browser; `CHROMIUM` overrides it. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium. Fails, saying how to install it, when it is absent: a browser test never passes
 * without a browser.
 *
 * @example
 * const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser tests need it. Install Debian's package (apt-get install -y chromium), as .ci/run does, or set CHROMIUM to a Chromium binary.`);
  }
  // The flags keep Chromium off the network (this machine has none); playwright starts it headless, in a fresh
  // profile of its own each time.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One headless Chromium for a test file: started before its tests, closed after them. Returns a getter, since the
 * browser exists only once the tests run.
 *
 * @example
 * const browser = chromiumForTests();
 * it('renders', async () => { const page = await browser().newPage(); … });
 */
export function chromiumForTests(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * Serves a folder on 127.0.0.1 (a free port) until closed.
 *
 * @example
 * const { url, close } = await serve('/tmp/page'); // url: 'http://127.0.0.1:41234/'
 */
export async function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
