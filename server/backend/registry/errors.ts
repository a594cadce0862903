/** What the registry refuses (an unknown model or version, a bad stage): one sentence naming it. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** A run id the store does not hold, at register; `hint` names runs the id starts (runIdHint). */
export function unknownRunToRegister(name: string, runId: string, hint = ''): RegistryError {
  return new RegistryError(`cannot register ${name}: unknown run '${runId}'${hint}`);
}
