// The shape of src/ held in place: no import cycles (type-only imports count, since a type cycle is a
// design cycle too), and no folder holding more than 20 source files directly. The direction of the layers
// (ui → model → readers) is eslint's no-restricted-imports in eslint.config.js, so an editor shows it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const MAX_FILES_PER_FOLDER = 20;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Relative imports of a file (static, dynamic and export-from), resolved to source files. */
function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = resolve(dirname(file), match[1]!);
    const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base];
    const target = candidates.find((candidate) => existsSync(candidate));
    if (target !== undefined) found.push(target);
  }
  return found;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

test('src/ has no import cycles', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(file, 'utf8'))]));
  const named = cycles(graph).map((component) => component.map((file) => relative(SRC, file)).sort().join(' ↔ '));
  assert.deepEqual(named, []);
});

test('the cycle finder finds a cycle', () => {
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(cycles(graph).map((c) => c.sort()), [['a', 'b', 'c']]);
});

test(`no folder of src/ holds more than ${MAX_FILES_PER_FOLDER} source files directly`, () => {
  const perFolder = new Map<string, number>();
  for (const file of sourceFiles(SRC)) {
    const folder = relative(SRC, dirname(file)) || '.';
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
  }
  const crowded = [...perFolder].filter(([, count]) => count > MAX_FILES_PER_FOLDER);
  assert.deepEqual(crowded, []);
  assert.ok(perFolder.size >= 10, 'the walk found the folders');
});
