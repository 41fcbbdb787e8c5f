import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/**
 * jiuzhu installed in a fresh project as npm installs it: the package's files (what package.json ships) below
 * node_modules/jiuzhu, its own dependencies found through a link, and the officer's folders beside node_modules.
 * Needs the build (dist/).
 */
export function installedProject(): { project: string; cli: string } {
  const project = mkdtempSync(join(tmpdir(), 'jiuzhu-project-'));
  const installed = join(project, 'node_modules', 'jiuzhu');
  const files: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files;
  for (const file of [...files, 'package.json']) cpSync(join(root, file), join(installed, file), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(installed, 'node_modules'), 'dir');
  return { project, cli: join(installed, 'dist', 'cli.js') };
}
