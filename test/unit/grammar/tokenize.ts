// Tokenizes .mlpipe text with the engines VS Code itself uses (vscode-textmate + oniguruma).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = resolve(__dirname, '../../..');

export interface ScopedToken {
  line: number;
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.mlpipe') return null;
      const path = resolve(root, 'syntaxes/mlpipe.tmLanguage.json');
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const grammar = await registry.loadGrammar('source.mlpipe');
  if (!grammar) throw new Error('source.mlpipe did not load');
  return grammar;
}

export async function tokenize(text: string): Promise<ScopedToken[]> {
  grammarPromise ??= loadGrammar();
  const grammar = await grammarPromise;
  const out: ScopedToken[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const r = grammar.tokenizeLine(lineText, state);
    for (const t of r.tokens) out.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

/** The innermost scope of the first token with this exact text on a line matching `onLine`. */
export function scopeOf(tokens: ScopedToken[], lines: string[], onLine: RegExp, text: string): string {
  const lineNo = lines.findIndex((l) => onLine.test(l));
  if (lineNo < 0) throw new Error(`no line matches ${onLine}`);
  const tok = tokens.find((t) => t.line === lineNo && t.text.trim() === text);
  if (!tok) {
    const seen = tokens.filter((t) => t.line === lineNo).map((t) => JSON.stringify(t.text));
    throw new Error(`no token ${JSON.stringify(text)} on line ${lineNo + 1} (${lines[lineNo]}); tokens: ${seen.join(' ')}`);
  }
  return tok.scopes[tok.scopes.length - 1];
}
