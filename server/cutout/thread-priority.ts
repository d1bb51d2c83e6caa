import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness of the background remover's thread (0 normal, 19 lowest). */
export const REMOVER_NICENESS = 10;

/** This thread's kernel id (Linux), or null where threads cannot be told apart this way. */
export function currentThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
}

/** A thread's niceness as the kernel reports it (Linux), or null. */
export function threadNiceness(threadId: number): number | null {
  try {
    // Field 19 of stat; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    const fields = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[16]);
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's priority, and so that of every thread it starts later (Linux threads inherit
 * it): onnxruntime's pool keeps both cores busy for a second or more per photo, and at equal priority the
 * server's own thread waited its turn behind it (a 78 ms longest stall of the event loop while removals ran).
 * Only this thread: setpriority on a thread id leaves the rest of the process alone. False where unsupported.
 */
export function lowerThreadPriority(niceness = REMOVER_NICENESS): boolean {
  const id = currentThreadId();
  if (id === null) return false;
  try {
    setPriority(id, niceness);
    return true;
  } catch {
    return false;
  }
}
