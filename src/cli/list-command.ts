// `list`'s yargs command, apart from the other verbs' (cli/commands.ts): main() reads a plain list line with this
// alone (cli/quick-parse.ts), and the declarations of every other verb, with the printers and template languages they
// bring, are not evaluated before list's first request is sent (issue 26).
import { defineCommand } from './define-command.js';
import { LIST } from '../commands/list-flags.js';
import { readAheadOf } from '../commands/list-query.js';

export const listCommand = defineCommand(LIST, () => import('../commands/list.js'), readAheadOf);
