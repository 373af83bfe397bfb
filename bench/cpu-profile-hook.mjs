// Profiles a benchmark's server process: `--cpu-prof` is refused in NODE_OPTIONS, `--import` is not.
//   BENCH_SERVER_NODE_OPTIONS="--import ./bench/cpu-profile-hook.mjs" BENCH_ENGINE=pglite npm run bench -- doses
// writes server-PID.cpuprofile to BENCH_PROFILE_DIR (default: $TMPDIR/sskdt-profiles) when the server
// exits; open it in Chrome DevTools.
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? path.join(os.tmpdir(), 'sskdt-profiles');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // The inspector answers synchronously within this thread, so the profile is written before exit.
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
