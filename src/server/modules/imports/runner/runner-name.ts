import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** A runner's name: host and PID first, so a runner on the same host can tell a dead holder. */
export function runnerName(kind: 'server' | 'cli'): string {
  return `${os.hostname()}:${process.pid}:${kind}:${randomBytes(3).toString('hex')}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a job's holder is a process of this host that no longer runs (killed, crashed). */
export function holderIsGone(lockedBy: string | null): boolean {
  if (!lockedBy) return true;
  const [host, pidText] = lockedBy.split(':');
  const pid = Number(pidText);
  return host === os.hostname() && Number.isInteger(pid) && pid !== process.pid && !isAlive(pid);
}
