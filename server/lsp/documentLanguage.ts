import { LANGUAGE_ID, PIPELINE_EXTENSION } from '../protocol/language.js';
import { uriToPath } from './paths.js';

/**
 * Why a document a client opened is not a pipeline, or undefined when it is one. A client that
 * attaches the server to every buffer (a Neovim autocmd on all files, a broad selector) sends
 * Python and Markdown too, which were checked and published as broken pipelines. A `.mlpipe`
 * file is one whatever its language id: a client that knows no mlpipe language names it as it
 * can (`plaintext`, Kate's `normal`). A document without a language id is taken as it comes.
 */
export function notPipelineReason(doc: { uri: string; languageId?: unknown }): string | undefined {
  const id = doc.languageId;
  if (typeof id !== 'string' || id === '' || id === LANGUAGE_ID) return undefined;
  if (uriToPath(doc.uri).toLowerCase().endsWith(PIPELINE_EXTENSION)) return undefined;
  return `its language is '${id}', not '${LANGUAGE_ID}', and it is no .mlpipe file`;
}
