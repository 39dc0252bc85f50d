#!/usr/bin/env node
// Our own check of the Electron shell's webPreferences, so that the shell's security does not rest on one
// scanner: every `webPreferences` object literal under the given folders (default electron/) must set the
// values we rely on, as literals, with no spread that could override them; and no `nodeIntegration: true`,
// `sandbox: false`, `contextIsolation: false` or `webSecurity: false` may appear anywhere, in any object.
// Usage: node scripts/webpreferences-check.js [folder...]   Exit 1 on any finding.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The values electron/main/window.ts relies on (docs/architecture.md, "Processes"). */
export const REQUIRED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};
/** Never, in any object literal of the shell: a spread or a helper must not smuggle them in either. */
const FORBIDDEN = { nodeIntegration: true, sandbox: false, contextIsolation: false, webSecurity: false };

const nameOf = (p) =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null;
const literal = (e) =>
  e.kind === ts.SyntaxKind.TrueKeyword ? true : e.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;

export function checkSource(text, file) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings = [];
  const where = (node) => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node) => {
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = nameOf(node);
      if (
        name &&
        name in FORBIDDEN &&
        ts.isPropertyAssignment(node) &&
        literal(node.initializer) === FORBIDDEN[name]
      )
        findings.push(`${where(node)}: ${name}: ${FORBIDDEN[name]} is forbidden`);
      if (name === 'webPreferences') {
        const value = ts.isPropertyAssignment(node) ? node.initializer : null;
        if (!value || !ts.isObjectLiteralExpression(value)) {
          findings.push(`${where(node)}: webPreferences must be an object literal, checked here`);
        } else {
          if (value.properties.some((p) => ts.isSpreadAssignment(p)))
            findings.push(`${where(value)}: webPreferences must not spread another object`);
          for (const [key, want] of Object.entries(REQUIRED)) {
            const prop = value.properties.find((p) => nameOf(p) === key);
            const got = prop && ts.isPropertyAssignment(prop) ? literal(prop.initializer) : undefined;
            if (got !== want) findings.push(`${where(value)}: webPreferences.${key} must be ${want}`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|js|cjs|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const roots = process.argv.slice(2);
  const findings = [];
  let windows = 0;
  for (const root of roots.length > 0 ? roots : ['electron']) {
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('webPreferences')) windows++;
      findings.push(...checkSource(text, relative(process.cwd(), file)));
    }
  }
  if (windows === 0) findings.push('no webPreferences found: the check would pass vacuously');
  for (const f of findings) console.error(`webPreferences: ${f}`);
  if (findings.length > 0) process.exit(1);
  console.log(`webPreferences: ${windows} file(s) with webPreferences, every required value set`);
}
