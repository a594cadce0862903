/**
 * The least each request's params must hold for its handler to read them, checked once in the
 * server's request wrapper: a request without it is answered InvalidParams (-32602) instead of
 * failing inside the handler. Paths are dotted; optional fields are listed apart (`OPTIONAL`).
 */
/** `uinteger`: the protocol's unsigned integer (lines, characters), a whole number from 0. */
type Kind = 'string' | 'number' | 'uinteger' | 'boolean' | 'array';
type Shape = Readonly<Record<string, Kind>>;

const DOCUMENT: Shape = { 'textDocument.uri': 'string' };
const POSITION: Shape = { ...DOCUMENT, 'position.line': 'uinteger', 'position.character': 'uinteger' };

const RANGE: Shape = { 'start.line': 'uinteger', 'start.character': 'uinteger', 'end.line': 'uinteger', 'end.character': 'uinteger' };
const within = (prefix: string, shape: Shape): Shape => Object.fromEntries(Object.entries(shape).map(([path, kind]) => [prefix + path, kind]));

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
  rangeFormatting: { ...DOCUMENT, ...within('range.', RANGE) },
  rangesFormatting: { ...DOCUMENT, ranges: 'array' },
  onTypeFormatting: { ...POSITION, ch: 'string' },
  folding: DOCUMENT,
  documentLink: DOCUMENT,
  selectionRange: { ...DOCUMENT, positions: 'array' },
  semanticTokens: DOCUMENT,
  codeAction: { ...DOCUMENT, 'context.diagnostics': 'array' },
  workspaceSymbol: { query: 'string' },
  executeCommand: { command: 'string' },
};

/**
 * Optional fields a handler reads as they are when given: of this kind then (null reads as left
 * out). A code action's `only` as a string failed inside the handler, logged as an error.
 */
const OPTIONAL: Readonly<Record<string, Shape>> = {
  codeAction: { 'context.only': 'array' },
};

/**
 * The notifications that change the server's copy of a document: one that does not hold this is
 * dropped (with a log line) instead of leaving a document without text, or with half a change.
 */
const DOCUMENT_SYNC: Readonly<Record<string, Shape>> = {
  'textDocument/didOpen': { 'textDocument.uri': 'string', 'textDocument.text': 'string' },
  'textDocument/didChange': { 'textDocument.uri': 'string', 'textDocument.version': 'number', contentChanges: 'array' },
  'textDocument/didClose': DOCUMENT,
};

const a = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const WANTED: Readonly<Record<Kind, string>> = { string: 'a string', number: 'a number', uinteger: 'a whole number from 0', boolean: 'a boolean', array: 'an array' };

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** What a value is, in a refusal's words: 'missing', 'null' or 'a string'. */
function described(kind: string): string {
  return kind === 'undefined' ? 'missing' : kind === 'null' ? 'null' : a(kind);
}

function shapeProblem(name: string, value: unknown, shape: Shape, prefix = '', optional = false): string | undefined {
  const found = kindOf(value);
  if (prefix === '' && found !== 'object') return `${name}: params must be an object, but they are ${described(found)}`;
  for (const [path, kind] of Object.entries(shape)) {
    let v: unknown = value;
    for (const key of path.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    const found = kindOf(v);
    if (optional && (found === 'undefined' || found === 'null')) continue;
    if (kind === 'uinteger' ? Number.isInteger(v) && (v as number) >= 0 : found === kind) continue;
    const it = kind === 'uinteger' && found === 'number' ? String(v) : described(found);
    return `${name}: '${prefix}${path}' must be ${WANTED[kind]}, but it is ${it}`;
  }
  return undefined;
}

/** Lists whose every element a request's handler reads: the list's path and each element's shape. */
const EACH: Readonly<Record<string, readonly [string, Shape]>> = {
  codeAction: ['context.diagnostics', { ...within('range.', RANGE), message: 'string' }],
  selectionRange: ['positions', { line: 'uinteger', character: 'uinteger' }],
  rangesFormatting: ['ranges', RANGE],
};

/** What is wrong with an element of the list at `path` (which the params' shape holds to be an array), or undefined. */
function eachProblem(name: string, params: unknown, path: string, each: Shape): string | undefined {
  let list: unknown = params;
  for (const key of path.split('.')) list = (list as Record<string, unknown>)[key];
  for (const [i, item] of (list as unknown[]).entries()) {
    const wrong = shapeProblem(name, item, each, `${path}[${i}].`);
    if (wrong) return wrong;
  }
  return undefined;
}

/** What is wrong with the params of request `name` (one sentence), or undefined when they have its shape. */
export function paramsProblem(name: string, params: unknown): string | undefined {
  const shape = SHAPES[name];
  const problem = (shape && shapeProblem(name, params, shape)) || (OPTIONAL[name] && shapeProblem(name, params, OPTIONAL[name], '', true));
  if (problem || !EACH[name]) return problem;
  return eachProblem(name, params, ...EACH[name]);
}

const FOLDER: Shape = { uri: 'string' };

/**
 * The workspace notifications the server acts on, with the lists whose every element it reads:
 * one without this shape is dropped with a log line. A null change or folder failed inside the
 * handler, which the client was sent as an error with a stack trace.
 */
const WORKSPACE_EVENTS: Readonly<Record<string, { shape: Shape; each: ReadonlyArray<readonly [string, Shape]> }>> = {
  'workspace/didChangeWatchedFiles': { shape: { changes: 'array' }, each: [['changes', { uri: 'string', type: 'uinteger' }]] },
  'workspace/didChangeWorkspaceFolders': {
    shape: { 'event.added': 'array', 'event.removed': 'array' },
    each: [
      ['event.added', FOLDER],
      ['event.removed', FOLDER],
    ],
  },
};

/** What is wrong with a workspace notification's params (one sentence), or undefined when it can be applied. */
export function workspaceEventProblem(method: string, params: unknown): string | undefined {
  const { shape, each } = WORKSPACE_EVENTS[method];
  const problem = shapeProblem(method, params, shape);
  if (problem) return problem;
  for (const [path, element] of each) {
    const wrong = eachProblem(method, params, path, element);
    if (wrong) return wrong;
  }
  return undefined;
}

/** What is wrong with a document notification's params (one sentence), or undefined when it can be applied. */
export function documentSyncProblem(method: string, params: unknown): string | undefined {
  const shape = DOCUMENT_SYNC[method];
  const problem = shape && shapeProblem(method, params, shape);
  if (problem || method !== 'textDocument/didChange') return problem;
  for (const [i, change] of (params as { contentChanges: unknown[] }).contentChanges.entries()) {
    const at = `contentChanges[${i}].`;
    const range = change !== null && typeof change === 'object' ? (change as { range?: unknown }).range : undefined;
    const wrong = shapeProblem(method, change, { text: 'string' }, at) ?? (range === undefined ? undefined : shapeProblem(method, range, RANGE, `${at}range.`));
    if (wrong) return wrong;
  }
  return undefined;
}

/**
 * What is wrong with `initialize`'s params (one sentence), or undefined: the fields the protocol
 * library and the server read before any handler of ours could refuse them (the library reads
 * `processId` and `capabilities` first, so `null` params or capabilities failed there as an
 * internal error naming a JavaScript property). Fields a client may leave out are checked only
 * when given.
 */
export function initializeProblem(params: unknown): string | undefined {
  const notObject = shapeProblem('initialize', params, {});
  if (notObject) return notObject;
  const p = params as Record<string, unknown>;
  const wrong = (field: string, wanted: string, v: unknown) => `initialize: '${field}' must be ${wanted}, but it is ${described(kindOf(v))}`;
  if (kindOf(p.capabilities) !== 'object') return wrong('capabilities', 'an object (the client capabilities, {} for none)', p.capabilities);
  if (p.processId != null && !Number.isInteger(p.processId)) return wrong('processId', 'an integer or null', p.processId);
  for (const field of ['rootUri', 'rootPath', 'locale'])
    if (p[field] != null && typeof p[field] !== 'string') return wrong(field, 'a string or null', p[field]);
  if (p.trace !== undefined && !['off', 'messages', 'verbose'].includes(p.trace as string)) return `initialize: 'trace' must be 'off', 'messages' or 'verbose', but it is ${JSON.stringify(p.trace)}`;
  if (p.clientInfo !== undefined) {
    const name = kindOf(p.clientInfo) === 'object' ? (p.clientInfo as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string') return wrong('clientInfo.name', 'a string', name);
  }
  if (p.workspaceFolders != null) {
    if (!Array.isArray(p.workspaceFolders)) return wrong('workspaceFolders', 'an array or null', p.workspaceFolders);
    for (const [i, folder] of p.workspaceFolders.entries()) {
      const problem = shapeProblem('initialize', folder, { uri: 'string', name: 'string' }, `workspaceFolders[${i}].`);
      if (problem) return problem;
    }
  }
  return undefined;
}
