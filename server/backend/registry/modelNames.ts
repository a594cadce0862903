import { Suggester } from '../../mlpipe/checker/suggest.js';
import { isIdentifier } from '../../mlpipe/syntax/tokens.js';
import { RegistryError } from './errors.js';

/** A model name is an identifier, so `name@selector` is unambiguous. */
export function checkModelName(name: string): void {
  if (typeof name !== 'string' || !isIdentifier(name)) {
    throw new RegistryError(`invalid model name '${String(name)}': use letters, digits and _ (not starting with a digit)`);
  }
}

/**
 * A name the registry does not hold, at promote, rollback or serve: names the model meant, or
 * what exists. Pure, so a command can say it where no store exists without making one, and then
 * name the store it looked for (`where`): run from a folder above the project, the refusal read
 * as if the project had registered nothing.
 */
export function unknownModel(name: string, registered: readonly string[], where?: string): RegistryError {
  const close = new Suggester([...registered]).closest(name);
  const known = registered.length > 10 ? `${registered.slice(0, 10).join(', ')}, … (${registered.length} in all: 'mlpipe models')` : registered.join(', ');
  return new RegistryError(
    `unknown model '${name}'${close ? `: did you mean '${close}'?` : registered.length ? ` (registered: ${known})` : `: no model is registered yet${where ? ` in ${where}` : ''} ('mlpipe run FILE' registers one when its gates pass)`}`,
  );
}
