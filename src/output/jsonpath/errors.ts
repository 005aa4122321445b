// A template that does not parse or does not fit the data, in client-go's words; the printers add kubectl's prefix.
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}
