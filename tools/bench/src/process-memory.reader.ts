// Reading a process's resident memory and its children from /proc (Linux). The parsers are pure; the readers are
// thin synchronous file reads (a /proc file is a few hundred bytes).
import { readFileSync, readdirSync } from 'node:fs';

/** VmRSS from the text of /proc/<pid>/status, in kB; null when absent (kernel threads, zombies). */
export function parseVmRssKb(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : null;
}

/** The parent pid from the text of /proc/<pid>/stat; the command name may hold spaces and parentheses. */
export function parseStatParentPid(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat.slice(close + 1).trim().split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** VmRSS of one process in kB, null when it is gone or unreadable. */
export function readRssKb(pid: number): number | null {
  try {
    return parseVmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** The sum over `pids`, null as soon as one of them cannot be read (a total missing a process would lie). */
export function readTotalRssKb(pids: ReadonlyArray<number>): number | null {
  let total = 0;
  for (const pid of pids) {
    const kb = readRssKb(pid);
    if (kb === null) return null;
    total += kb;
  }
  return total;
}

/** The direct children of `pid` (nginx's workers under its master), by scanning /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parseStatParentPid(readFileSync(`/proc/${entry}/stat`, 'utf8')) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => a - b);
}
