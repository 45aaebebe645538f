/**
 * The process driver's command line: a template split into argv (no shell, so nothing in a deployment's fields
 * can inject a command) with {port}, {model}, {version}, {deployment}, {instance}, {revision} substituted per
 * token. Pure.
 */
export class EngineCommandError extends Error {
  readonly retryable = false;
  constructor(message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EngineCommandError';
  }
}

/** Splits on whitespace; single and double quotes group; no escapes, no shell expansion. */
export function splitCommand(template: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let inToken = false;
  for (const ch of template) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new EngineCommandError('unterminated quote in the engine command', { template: template.slice(0, 200) });
  if (inToken) out.push(current);
  if (out.length === 0) throw new EngineCommandError('the engine command is empty');
  return out;
}

export type CommandValues = Record<'port' | 'model' | 'version' | 'deployment' | 'instance' | 'revision', string>;

/** argv for one replica. Extra args (a deployment's runtime settings) are appended verbatim, bounded. */
export function buildCommand(template: string, values: CommandValues, extraArgs: readonly unknown[] = []): { file: string; args: string[] } {
  const argv = splitCommand(template).map((token) => token.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof CommandValues] : whole)));
  if (extraArgs.length > 32) throw new EngineCommandError('too many engine args (at most 32)');
  for (const arg of extraArgs) {
    if (typeof arg !== 'string' || arg.length > 512 || arg.includes('\0')) throw new EngineCommandError('engine args must be strings of at most 512 characters');
    argv.push(arg.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof CommandValues] : whole)));
  }
  const [file, ...args] = argv;
  return { file, args };
}
