/**
 * The parts of a language-server edit `editSplit.ts` sorts a profile's samples into, by the
 * functions on a sample's stack. The outermost marker wins: the check's own writes are the
 * check's, a notification written from inside the reader's turn is the write's.
 */
export const SPLIT_PARTS = ['read', 'reparse', 'check', 'convert', 'write', 'gc', 'program', 'other', 'idle'] as const;
export type SplitPart = (typeof SPLIT_PARTS)[number];

/** Function names (as an unminified bundle keeps them) that mark a part, outermost first on a stack. */
const MARKERS: Record<string, SplitPart> = {
  // The reader's turn: framing, JSON.parse, the handler, the document's update, the debounce timer set.
  onData: 'read',
  decode: 'read',
  // The connection handles queued messages in a later turn (setImmediate): the change is applied there.
  processMessageQueue: 'read',
  reparse: 'reparse',
  checkDocument: 'check',
  publishedDiagnostics: 'convert',
  toLspDiagnostic: 'convert',
  sendDiagnostics: 'write',
  sendNotification: 'write',
  doWrite: 'write',
  // The writer encodes (JSON.stringify, Buffer.from) in its semaphore's turn, after the send returned.
  encode: 'write',
  onWriteComplete: 'write',
};
const LEAVES: Record<string, SplitPart> = { '(garbage collector)': 'gc', '(idle)': 'idle', '(program)': 'program' };

/** The part of one sample, from its stack's function names, leaf first. */
export function classifyStack(leafFirst: readonly string[]): SplitPart {
  const leaf = LEAVES[leafFirst[0] ?? ''];
  if (leaf) return leaf;
  for (let i = leafFirst.length - 1; i >= 0; i--) {
    const part = MARKERS[leafFirst[i]];
    if (part) return part;
  }
  return 'other';
}
