// The import graph of src/, read with TypeScript's own parser: what the architecture test walks.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One module's imports: other modules of src/ (as paths relative to src/) and bare specifiers (packages, node:). */
export interface ModuleImports {
  local: string[];
  external: string[];
}

/**
 * Every .ts module below `root`, with what it imports at run time: static imports and re-exports (not `import type`,
 * nor imports whose every name is a type: TypeScript erases those, so they load nothing) and dynamic import().
 *
 * @example
 * importGraph('src').get('index.ts')!.local // ['core/policy/load.ts', …]
 */
export function importGraph(root: string): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const file of tsFiles(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        if (!erased(node)) specifiers.push(node.moduleSpecifier.text);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    const local = specifiers.filter((s) => s.startsWith('.')).map((s) => relative(root, resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
    graph.set(relative(root, file), { local, external: specifiers.filter((s) => !s.startsWith('.')) });
  }
  return graph;
}

function erased(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    return node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
  }
  const clause = node.importClause;
  if (!clause) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The modules reachable from `entries`, each with the path it was first reached by.
 *
 * @example
 * reachable(graph, ['index.ts']).get('core/audit/canonical.ts') // ['index.ts', 'core/audit/canonical.ts']
 */
export function reachable(graph: ReadonlyMap<string, ModuleImports>, entries: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(entries.map((e) => [e, [e]]));
  const queue = [...entries];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of graph.get(current)?.local ?? []) {
      if (seen.has(next)) continue;
      seen.set(next, [...seen.get(current)!, next]);
      queue.push(next);
    }
  }
  return seen;
}

/**
 * The import cycles: each strongly connected group of two or more modules (or one importing itself), as a path
 * round the cycle.
 *
 * @example
 * cycles(importGraph('src')) // [] when there are none
 */
export function cycles(graph: ReadonlyMap<string, ModuleImports>): string[][] {
  const found: string[][] = [];
  for (const start of graph.keys()) {
    // A cycle through `start` whose other modules all sort after it: each cycle is found once, from its least module.
    const stack: { module: string; path: string[] }[] = [{ module: start, path: [start] }];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const { module, path } = stack.pop()!;
      for (const next of graph.get(module)?.local ?? []) {
        if (next === start) found.push([...path, start]);
        else if (next > start && !visited.has(next) && graph.has(next)) {
          visited.add(next);
          stack.push({ module: next, path: [...path, next] });
        }
      }
    }
  }
  return found;
}
