/**
 * The least each request's params must hold for its handler to read them, checked once in the
 * server's request wrapper: a request without it is answered InvalidParams (-32602) instead of
 * failing inside the handler. Paths are dotted; optional fields are not listed.
 */
type Kind = 'string' | 'number' | 'boolean' | 'array';
type Shape = Readonly<Record<string, Kind>>;

const DOCUMENT: Shape = { 'textDocument.uri': 'string' };
const POSITION: Shape = { ...DOCUMENT, 'position.line': 'number', 'position.character': 'number' };

const SHAPES: Readonly<Record<string, Shape>> = {
  hover: POSITION,
  completion: POSITION,
  signatureHelp: POSITION,
  definition: POSITION,
  documentHighlight: POSITION,
  prepareRename: POSITION,
  references: { ...POSITION, 'context.includeDeclaration': 'boolean' },
  rename: { ...POSITION, newName: 'string' },
  documentSymbol: DOCUMENT,
  formatting: DOCUMENT,
  folding: DOCUMENT,
  semanticTokens: DOCUMENT,
  codeAction: { ...DOCUMENT, 'context.diagnostics': 'array' },
  workspaceSymbol: { query: 'string' },
};

const a = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** What is wrong with the params of request `name` (one sentence), or undefined when they have its shape. */
export function paramsProblem(name: string, params: unknown): string | undefined {
  const shape = SHAPES[name];
  if (!shape) return undefined;
  for (const [path, kind] of Object.entries(shape)) {
    let v: unknown = params;
    for (const key of path.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    const found = kindOf(v);
    if (found !== kind) return `${name}: '${path}' must be ${a(kind)}, but it is ${found === 'undefined' ? 'missing' : found === 'null' ? 'null' : a(found)}`;
  }
  return undefined;
}
