// A Go template that does not parse or does not fit the data, in text/template's words; the printer adds kubectl's
// prefix ("error parsing template …", "error executing template …").
export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoTemplateError';
  }
}
