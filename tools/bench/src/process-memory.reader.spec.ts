import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { childPids, parseStatParentPid, parseVmRssKb, readRssKb, readTotalRssKb } from './process-memory.reader';

describe('process memory reader', () => {
  it('parses VmRSS from /proc/<pid>/status text', () => {
    assert.equal(parseVmRssKb('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n'), 123456);
    assert.equal(parseVmRssKb('Name:\tkthreadd\nState:\tS (sleeping)\n'), null);
  });

  it('parses the parent pid from /proc/<pid>/stat text, whatever the command name holds', () => {
    assert.equal(parseStatParentPid('4242 (nginx) S 4241 4242 4242 0 -1 4194560'), 4241);
    assert.equal(parseStatParentPid('77 (a) b (c) S) R 12 77 77 0'), 12);
    assert.equal(parseStatParentPid('garbage'), null);
  });

  it('reads this process and a child it starts, and null for a pid that is gone', async () => {
    const own = readRssKb(process.pid);
    assert.ok(own !== null && own > 1000, `own RSS ${own}`);
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      assert.ok(child.pid);
      assert.deepEqual(childPids(process.pid).includes(child.pid), true);
      const total = readTotalRssKb([process.pid, child.pid]);
      assert.ok(total !== null && total > own, `total ${total} vs own ${own}`);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    assert.equal(readRssKb(child.pid ?? -1), null);
    assert.equal(readTotalRssKb([process.pid, child.pid ?? -1]), null);
  });
});
