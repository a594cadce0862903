/** What the registry refuses (an unknown model or version, a bad stage): one sentence naming it. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}
