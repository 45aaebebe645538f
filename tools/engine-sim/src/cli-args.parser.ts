// Command-line flags of the simulator: `--port 9101 --model demo-llama --ttft-ms 30 --itl-ms 5 ...`. Every knob
// is a flag named in kebab-case (ttftMs -> --ttft-ms); `--flag=value` and bare boolean flags work too. Pure.
import { EngineSimKnobs, KNOB_NAMES, coerceKnobValue, validateKnobPatch } from './engine-sim.knobs';

export interface CliOptions {
  port: number;
  host: string;
  /** A second listener (for /control while the main port refuses connections); undefined = none. */
  controlPort?: number;
  knobs: Partial<EngineSimKnobs>;
  help: boolean;
}

export type CliParseResult = { ok: true; options: CliOptions } | { ok: false; error: string };

export const DEFAULT_PORT = 8000;

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

const FLAG_TO_KNOB = new Map<string, keyof EngineSimKnobs>(KNOB_NAMES.map((name) => [kebab(name), name]));
/** vLLM's own flag for the served model name. */
FLAG_TO_KNOB.set('served-model-name', 'model');
const BOOLEAN_KNOBS = new Set<string>(['hang', 'crash', 'refuse-connections']);

function parsePort(raw: string | undefined, flag: string): number | string {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < 0 || value > 65535) {
    return `--${flag} must be a port number (0..65535), got ${JSON.stringify(raw ?? null)}`;
  }
  return value;
}

export function parseCliArgs(argv: ReadonlyArray<string>): CliParseResult {
  const options: CliOptions = { port: DEFAULT_PORT, host: '127.0.0.1', knobs: {}, help: false };
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument ${JSON.stringify(arg)}` };
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    const next = argv[i + 1];
    if (value === undefined && BOOLEAN_KNOBS.has(flag)) {
      if (next === 'true' || next === 'false') value = argv[++i];
      else value = 'true';
    } else if (value === undefined) {
      if (next === undefined || next.startsWith('--')) return { ok: false, error: `--${flag} needs a value` };
      value = argv[++i];
    }
    if (flag === 'port' || flag === 'control-port') {
      const port = parsePort(value, flag);
      if (typeof port === 'string') return { ok: false, error: port };
      if (flag === 'port') options.port = port;
      else options.controlPort = port;
      continue;
    }
    if (flag === 'host') {
      options.host = value;
      continue;
    }
    const knob = FLAG_TO_KNOB.get(flag);
    if (!knob) return { ok: false, error: `unknown flag --${flag}` };
    raw[knob] = coerceKnobValue(knob, value);
  }
  const checked = validateKnobPatch(raw);
  if (!checked.ok) return { ok: false, error: checked.error };
  options.knobs = checked.patch;
  return { ok: true, options };
}

export function usage(): string {
  const flags = [...FLAG_TO_KNOB.keys()].map((flag) => `--${flag}`).join(' ');
  return [
    'engine-sim: a vLLM-like OpenAI-compatible inference engine simulator',
    'usage: node -r @swc-node/register tools/engine-sim/src/main.ts [--port 8000] [--host 127.0.0.1] [--control-port N] [knob flags]',
    `knob flags: ${flags}`,
    'knobs can be changed live: GET/POST /control with a JSON object of knobs (camelCase names).',
  ].join('\n');
}
