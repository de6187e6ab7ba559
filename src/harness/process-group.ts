/**
 * The scenario's process group: the harness runs as the leader of a group of its own
 * (spawned detached), and whatever the scenario starts (subprocess.Popen, os.fork,
 * multiprocessing) joins it unless it leaves on purpose (setsid, start_new_session=True).
 * At the end of a run the group is ended, and the report names what was still running.
 */
import { readdir, readFile } from 'node:fs/promises';

/** A process of the scenario's group that was still running at the end. */
export interface GroupMember {
  pid: number;
  /** Its command line, read before it was ended; null where it cannot be read (not Linux). */
  command: string | null;
}

export interface EndedGroup {
  /** What was still running when the group was ended (on Linux; elsewhere empty). */
  members: GroupMember[];
  /** Something survived SIGTERM for the whole grace and was killed with SIGKILL. */
  killed: boolean;
}

const POLL_MS = 50;
const MAX_COMMAND_CHARS = 200;

/** The live (not zombie) processes of group `pgid`, from /proc on Linux; null where /proc is not there. */
export async function groupMembers(pgid: number): Promise<GroupMember[] | null> {
  if (process.platform !== 'linux') return null;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const members: GroupMember[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'latin1').catch(() => null);
    if (stat === null) continue;
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid || fields[0] === 'Z' || fields[0] === 'X') continue;
    const raw = await readFile(`/proc/${entry}/cmdline`).catch(() => null);
    const command = raw === null ? null : raw.toString('utf8').replace(/\0+$/, '').replaceAll('\0', ' ');
    members.push({
      pid: Number(entry),
      command: command === null ? null : command.length > MAX_COMMAND_CHARS ? `${command.slice(0, MAX_COMMAND_CHARS)}…` : command,
    });
  }
  return members;
}

/** Whether anything of group `pgid` is still running. */
export async function groupAlive(pgid: number): Promise<boolean> {
  const members = await groupMembers(pgid);
  if (members !== null) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Send `signal` to every process of group `pgid`; false when there is none left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * End group `pgid`: SIGTERM to every member, then SIGKILL to what is left after `graceMs`.
 * The members are listed (with their command lines) before anything is sent.
 */
export async function endGroup(pgid: number, graceMs: number): Promise<EndedGroup> {
  const listed = await groupMembers(pgid);
  if (listed !== null && listed.length === 0) return { members: [], killed: false };
  if (!signalGroup(pgid, 'SIGTERM')) return { members: listed ?? [], killed: false };
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!(await groupAlive(pgid))) return { members: listed ?? [], killed: false };
  }
  const killed = signalGroup(pgid, 'SIGKILL');
  return { members: listed ?? [], killed };
}
