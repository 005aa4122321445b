// kubectl's -o go-template (cli-runtime printers/template.go): Go's text/template over the object as JSON, with
// kubectl's two functions, missing keys printed as "<no value>", parsed once before anything is sent.
import { executeGoTemplate } from './exec.js';
import type { ListNode } from './nodes.js';
import { parseGoTemplate } from './parse.js';
import type { GoValue } from './values.js';

export { GoTemplateError } from './errors.js';

export class GoTemplate {
  private constructor(
    readonly text: string,
    private readonly root: ListNode,
  ) {}

  /** Throws GoTemplateError with Go's words ("template: output:1: …") when the text does not parse. */
  static parse(text: string): GoTemplate {
    return new GoTemplate(text, parseGoTemplate(text));
  }

  /** What kubectl prints for `data`; throws GoTemplateError with Go's execution error. */
  execute(data: unknown): string {
    // kubectl marshals the object and unmarshals it into a map: only what JSON carries reaches the template.
    return executeGoTemplate(this.root, this.text, JSON.parse(JSON.stringify(data)) as GoValue);
  }
}
