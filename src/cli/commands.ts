// The verbs, in the order `kubectl csr --help` lists them: each a declaration (commands/VERB-flags.ts) and the module
// with its complete() and run() (commands/VERB.ts), loaded only when that verb runs.
import { defineCommand } from './define-command.js';
import { REQUEST } from '../commands/request-flags.js';
import { APPROVE_COMMAND, DENY_COMMAND } from '../commands/approval/change-approval-flags.js';
import { FETCH } from '../commands/fetch-flags.js';
import { RENEW } from '../commands/renew-flags.js';
import { LIST } from '../commands/list-flags.js';
import { APPROVER } from '../commands/approver/approver-flags.js';
import { INSPECT } from '../commands/inspect-flags.js';
import { BUNDLES } from '../commands/bundles-flags.js';
import { PODCERTS } from '../commands/podcerts-flags.js';
import { VERSION_COMMAND } from '../commands/version-flags.js';
import { COMPLETION } from '../commands/completion-flags.js';

export const requestCommand = defineCommand(REQUEST, () => import('../commands/request.js'));
export const approveCommand = defineCommand(APPROVE_COMMAND, async () => (await import('../commands/approval/change-approval-options.js')).approve);
export const denyCommand = defineCommand(DENY_COMMAND, async () => (await import('../commands/approval/change-approval-options.js')).deny);
export const fetchCommand = defineCommand(FETCH, () => import('../commands/fetch.js'));
export const renewCommand = defineCommand(RENEW, () => import('../commands/renew.js'));
export { listCommand } from './list-command.js';
export const approverCommand = defineCommand(APPROVER, () => import('../commands/approver/approver.js'));
export const inspectCommand = defineCommand(INSPECT, () => import('../commands/inspect.js'));
export const bundlesCommand = defineCommand(BUNDLES, () => import('../commands/bundles.js'));
export const podcertsCommand = defineCommand(PODCERTS, () => import('../commands/podcerts.js'));
export const versionCommand = defineCommand(VERSION_COMMAND, () => import('../commands/version.js'));
export const completionCommand = defineCommand(COMPLETION, () => import('../commands/completion.js'));

/** The declarations, for help in kubectl's layout (cli/help-layout.ts), by command name. */
export const DECLARATIONS = [REQUEST, APPROVE_COMMAND, DENY_COMMAND, FETCH, RENEW, LIST, APPROVER, INSPECT, BUNDLES, PODCERTS, VERSION_COMMAND, COMPLETION] as const;
