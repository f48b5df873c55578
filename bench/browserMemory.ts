/**
 * Memory of every process of the browser we launched, read from /proc (Linux): the
 * descendants of this process whose command is Chromium's (browser, renderers, GPU,
 * utility and zygote processes alike), sampled every 100 ms. The peak is the largest
 * sum of resident sets seen at one sample; ΣVmHWM (each process's own high-water mark,
 * whenever it happened) is logged beside it as an upper bound.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      out.push({ pid: Number(name), ppid, comm });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Chromium processes below this Node process. */
function browserPids(): number[] {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const visit = (pid: number, inBrowser: boolean) => {
    for (const child of children.get(pid) ?? []) {
      const browser = inBrowser || /chrom/i.test(child.comm);
      if (browser) found.push(child.pid);
      visit(child.pid, browser);
    }
  };
  visit(process.pid, false);
  return found;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export class BrowserMemory {
  peakRssKb = 0;
  peakHwmKb = 0;
  /** Which processes held the memory at the peak (see breakdown()). */
  peakBreakdown = '';
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(intervalMs = 100) {
    if (!existsSync('/proc/self/status')) return;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const pids = browserPids();
    const rss = pids.reduce((n, pid) => n + statusKb(pid, 'VmRSS'), 0);
    if (rss > this.peakRssKb) {
      this.peakRssKb = rss;
      this.peakBreakdown = this.breakdown();
    }
    this.peakHwmKb = Math.max(this.peakHwmKb, pids.reduce((n, pid) => n + statusKb(pid, 'VmHWM'), 0));
  }

  /** Resident MB per process now, named by Chromium's --type (browser, renderer, gpu-process, utility, zygote). */
  breakdown(): string {
    return browserPids()
      .map((pid) => {
        let type = 'browser';
        try {
          type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
        } catch {
          // gone
        }
        return { type, mb: statusKb(pid, 'VmRSS') / 1024 };
      })
      .filter((p) => p.mb > 20)
      .sort((a, b) => b.mb - a.mb)
      .map((p) => `${p.type} ${p.mb.toFixed(0)}`)
      .join(', ');
  }

  /** Current summed RSS in MB. */
  nowMb(): number {
    return browserPids().reduce((n, pid) => n + statusKb(pid, 'VmRSS'), 0) / 1024;
  }

  /** The peaks so far, in MB. */
  peaks(): { peakMb: number; hwmMb: number } {
    this.sample();
    return { peakMb: this.peakRssKb / 1024, hwmMb: this.peakHwmKb / 1024 };
  }

  stop(): { peakMb: number; hwmMb: number } {
    if (this.timer) clearInterval(this.timer);
    return this.peaks();
  }
}
