import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the processes a purchase runs through, read from Linux's /proc: the service
 * processes the bench started (its children, told apart by their command line), the bench's own
 * process (the replay's client), and PostgreSQL (every process of a server on this machine: backends, WAL writer,
 * checkpointer). Elsewhere, or for a server on another machine, it reads nothing.
 */
export const CPU_GROUPS = ['market', 'settlement', 'delivery', 'bench', 'PostgreSQL'] as const;
export type CpuGroup = (typeof CPU_GROUPS)[number];

/** Clock ticks a second of /proc's times: 100 on every Linux Node runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** A process's CPU seconds (user + system), and what it is, by process ID. */
type Reading = Map<string, { group: CpuGroup; seconds: number }>;

function groupOf(pid: string, comm: string, ppid: string): CpuGroup | undefined {
  if (comm === 'postgres') return 'PostgreSQL';
  if (ppid !== String(process.pid)) return undefined;
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  return (['market', 'settlement', 'delivery'] as const).find((s) => command.includes(` serve ${s}`));
}

function readCpu(): Reading {
  const reading: Reading = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return reading;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the fields after it are plain.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const group = groupOf(pid, comm, fields[1] as string);
      if (!group) continue;
      const ticks = Number(fields[11]) + Number(fields[12]);
      // Keyed with the start time, so a process ID used again is another process.
      reading.set(`${pid}:${fields[19]}`, { group, seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return reading;
}

/** CPU seconds each group spent between `start` and `stop` (a process that ended meanwhile is missed). */
export function measureCpu(): { stop(): Record<CpuGroup, number> } {
  const before = readCpu();
  const own = process.cpuUsage();
  return {
    stop() {
      const spent = Object.fromEntries(CPU_GROUPS.map((g) => [g, 0])) as Record<CpuGroup, number>;
      const { user, system } = process.cpuUsage(own);
      spent.bench = (user + system) / 1e6;
      for (const [key, { group, seconds }] of readCpu())
        spent[group] += seconds - (before.get(key)?.seconds ?? 0);
      return spent;
    },
  };
}
