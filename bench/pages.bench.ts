import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, startServerProcess } from '../test/helpers/processes.ts';
import { cpuMsOf, type Metrics, percentiles, round } from './lib.ts';

/** The demo staff accounts' password (demo instances only; test/e2e/demo-sign-in.ts). */
const DEMO_STAFF_PASSWORD = 'demo-sskdt-2021';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DEMO_PEOPLE = Number(process.env.BENCH_DEMO_PEOPLE ?? 10_000);

/**
 * A screen's first load, as the web app runs it: each step's calls go out together, and the next step
 * waits for them (the page needs their answers first), so the screen's API time is the sum of each
 * step's slowest call.
 */
interface Screen {
  name: string;
  who: string;
  /** The page's chunk when the build splits pages (src/web/App.tsx). */
  page: string;
  steps: string[][];
}

interface Session {
  cookie: string;
}

/** 95th percentile (nearest rank). */
function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
}

function cookieOf(res: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0], c] as const),
  );
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()].join('; ');
}

async function staffSession(url: string, username: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_STAFF_PASSWORD }),
  });
  if (!res.ok) throw new Error(`staff sign-in ${username}: ${res.status} ${await res.text()}`);
  return { cookie: cookieOf(res) };
}

async function citizenSession(url: string, phone: string, smsFile: string): Promise<Session> {
  const codes = () =>
    fs.existsSync(smsFile)
      ? fs
          .readFileSync(smsFile, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .filter((m) => m.to === phone && m.code)
          .map((m) => String(m.code))
      : [];
  const before = codes().length;
  const asked = await fetch(`${url}/api/auth/otp/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
  if (!asked.ok) throw new Error(`OTP request: ${asked.status} ${await asked.text()}`);
  const deadline = Date.now() + 10_000;
  while (codes().length <= before) {
    if (Date.now() > deadline) throw new Error('no sign-in code arrived');
    await new Promise((r) => setTimeout(r, 50));
  }
  const res = await fetch(`${url}/api/auth/otp/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code: codes().at(-1) }),
  });
  if (!res.ok) throw new Error(`OTP verify: ${res.status} ${await res.text()}`);
  return { cookie: cookieOf(res) };
}

/** One GET as the page makes it; its time on loopback (the server's time plus a little for the socket). */
async function timedGet(url: string, session: Session, pathname: string) {
  const start = performance.now();
  const res = await fetch(`${url}${pathname}`, { headers: { cookie: session.cookie } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - start;
  if (!res.ok) throw new Error(`GET ${pathname}: ${res.status} ${Buffer.from(body).toString()}`);
  return { ms, bytes: body.byteLength, body };
}

/** The route pattern of a call, for the metric names (ids replaced like the server's histogram). */
function routeOf(pathname: string): string {
  return pathname.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
}

/**
 * The gzip size of the JavaScript a screen needs on first load, from the build in dist/web
 * (`node scripts/build-web.mjs`): what index.html loads, plus the screen's page chunk (when the build
 * splits pages) and every chunk those import statically; lazy chunks (`import()`) are left out.
 */
export function bundleSizes(pageChunk: string | undefined, webDir = path.join(ROOT, 'dist', 'web')) {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) return undefined;
  const html = fs.readFileSync(index, 'utf8');
  const assets = fs.readdirSync(path.join(webDir, 'assets'));
  const start = [...html.matchAll(/(?:src|href)="\/?assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const page = pageChunk && assets.find((f) => f.startsWith(`${pageChunk}-`) && f.endsWith('.js'));
  if (page) start.push(page);
  const needed = new Set<string>();
  const visit = (file: string) => {
    if (needed.has(file)) return;
    needed.add(file);
    if (!file.endsWith('.js')) return;
    const code = fs.readFileSync(path.join(webDir, 'assets', file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(m[1]!);
  };
  for (const f of start) visit(f);
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(webDir, 'assets', file))).length / 1024;
  const sum = (files: string[]) =>
    round(
      files.reduce((s, f) => s + gz(f), 0),
      1,
    );
  return {
    jsKb: sum([...needed].filter((f) => f.endsWith('.js'))),
    cssKb: sum([...needed].filter((f) => f.endsWith('.css'))),
    chunks: needed.size,
    allJsKb: sum(assets.filter((f) => f.endsWith('.js'))),
  };
}

/**
 * The four screens that were slow on the demo (issue 12): a manager's stock tab, the site's check-in
 * (today's list and walk-ins), the admin's accounts tab and a citizen's registration tab. Starts a demo
 * server (embedded database, 10,000 demo people like `npm start`), signs the demo accounts in, and times
 * each API call of each screen's first load: the first (cold) call, then the median and 95th percentile
 * of BENCH_RUNS more, with the server's CPU per call; then each screen's total when its calls run the
 * way the page runs them.
 */
export async function pagesBench(log: (line: string) => void): Promise<Metrics> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-pages-'));
  const smsFile = path.join(dataDir, 'sms.jsonl');
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; loading ${DEMO_PEOPLE} demo people…`,
  );
  const server = await startServerProcess(
    ['--demo', '--demo-people', String(DEMO_PEOPLE), '--data-dir', dataDir],
    { LOG_LEVEL: 'warn', SMS_CHANNEL: `file:${smsFile}` },
    600_000,
  );
  const pid = server.child.pid ?? 0;
  const metrics: Metrics = {};
  try {
    const url = server.url;
    const logins = (await (await fetch(`${url}/api/auth/demo-logins`)).json()) as {
      citizens: { phone: string }[];
    };
    const sessions: Record<string, Session> = {
      'demo.xa': await staffSession(url, 'demo.xa'),
      'demo.tinh': await staffSession(url, 'demo.tinh'),
      'demo.tiem': await staffSession(url, 'demo.tiem'),
      'demo.admin': await staffSession(url, 'demo.admin'),
      citizen: await citizenSession(url, logins.citizens[0]!.phone, smsFile),
    };
    const household = JSON.parse(
      Buffer.from((await timedGet(url, sessions.citizen!, '/api/me/household')).body).toString(),
    ) as { members: { person: { id: string } }[] };
    const member = household.members[0]!.person.id;
    const screens: Screen[] = [
      // ManagerPage → ManagerDashboard → StockTab (a commune manager, and a province's 128 holders).
      {
        name: 'stock_commune',
        who: 'demo.xa',
        page: 'ManagerPage',
        steps: [['/api/auth/me'], ['/api/staff/stock']],
      },
      {
        name: 'stock_province',
        who: 'demo.tinh',
        page: 'ManagerPage',
        steps: [['/api/auth/me'], ['/api/staff/stock']],
      },
      // SitePage → "today" tab: DayList and WalkInPanel.
      {
        name: 'checkin',
        who: 'demo.tiem',
        page: 'SitePage',
        steps: [['/api/auth/me'], ['/api/staff/day-list', '/api/campaigns']],
      },
      // StaffWorkspace → users tab (UsersAdmin).
      {
        name: 'accounts',
        who: 'demo.admin',
        page: 'StaffWorkspace',
        steps: [['/api/auth/me'], ['/api/admin/users?limit=200']],
      },
      // MemberPage → registration tab (RegistrationPanel), then the sessions of a pending registration.
      {
        name: 'registration',
        who: 'citizen',
        page: 'CitizenPage',
        steps: [
          ['/api/auth/me'],
          [
            `/api/me/household/members/${member}`,
            `/api/me/household/members/${member}/access-log`,
            `/api/me/household/members/${member}/vaccination`,
            '/api/me/household',
          ],
          ['/api/campaigns', '/api/priority-group-sets', '/api/me/registrations'],
          ['/api/sessions'],
        ],
      },
    ];

    for (const screen of screens) {
      const session = sessions[screen.who]!;
      log(`${screen.name} (${screen.who})`);
      for (const call of screen.steps.flat()) {
        const cold = await timedGet(url, session, call);
        const ms: number[] = [];
        const cpuBefore = cpuMsOf(pid);
        for (let i = 0; i < RUNS; i++) ms.push((await timedGet(url, session, call)).ms);
        const cpuPerCall = (cpuMsOf(pid) - cpuBefore) / RUNS;
        const key = `${screen.name} ${routeOf(call)}`;
        const { p50 } = percentiles(ms);
        metrics[`${key} first_ms`] = { value: round(cold.ms), unit: 'ms' };
        metrics[`${key} p50_ms`] = { value: round(p50), unit: 'ms' };
        metrics[`${key} p95_ms`] = { value: round(p95(ms)), unit: 'ms' };
        metrics[`${key} cpu_ms`] = { value: round(cpuPerCall), unit: 'ms CPU/call' };
        metrics[`${key} kb`] = { value: round(cold.bytes / 1024), unit: 'KB' };
        log(
          `  GET ${call.padEnd(40)} first ${round(cold.ms)} ms, p50 ${round(p50)} ms, p95 ${round(p95(ms))} ms, ` +
            `${round(cpuPerCall)} ms CPU/call, ${round(cold.bytes / 1024)} KB`,
        );
      }
      const totals: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let total = 0;
        for (const step of screen.steps) {
          const start = performance.now();
          await Promise.all(step.map((call) => timedGet(url, session, call)));
          total += performance.now() - start;
        }
        totals.push(total);
      }
      metrics[`${screen.name} screen_api_p50_ms`] = { value: round(percentiles(totals).p50), unit: 'ms' };
      metrics[`${screen.name} screen_api_p95_ms`] = { value: round(p95(totals)), unit: 'ms' };
      log(
        `  screen (${screen.steps.length} steps): p50 ${round(percentiles(totals).p50)} ms, p95 ${round(p95(totals))} ms`,
      );
    }
    for (const screen of screens) {
      const bundle = bundleSizes(screen.page);
      if (!bundle) {
        log('no web build in dist/web (node scripts/build-web.mjs): bundle sizes left out');
        break;
      }
      metrics[`${screen.name} bundle_js_gzip_kb`] = { value: bundle.jsKb, unit: 'KB' };
      metrics[`${screen.name} bundle_css_gzip_kb`] = { value: bundle.cssKb, unit: 'KB' };
      metrics.bundle_all_js_gzip_kb = { value: bundle.allJsKb, unit: 'KB' };
      log(
        `bundle (gzip) ${screen.name}: ${bundle.jsKb} KB JS + ${bundle.cssKb} KB CSS in ${bundle.chunks} files ` +
          `(all JS: ${bundle.allJsKb} KB)`,
      );
    }
    metrics.load_average_1m = { value: round(os.loadavg()[0]!, 2), unit: 'load' };
    return metrics;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.secrets`, { recursive: true, force: true });
  }
}
