import cliProgress from 'cli-progress';

/** A progress reporter: a bar on a terminal, a line every 10% otherwise (CI logs, pipes). */
export function createProgress(label: string) {
  const interactive = Boolean(process.stderr.isTTY);
  const bar = interactive
    ? new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | {stage}`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  let lastDecile = -1;
  return {
    update(done: number, total: number, stage: string) {
      if (bar) {
        if (!started) bar.start(total, 0, { stage });
        started = true;
        bar.setTotal(total);
        bar.update(done, { stage });
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total} (${decile * 10}%) ${stage}\n`);
      }
    },
    stop() {
      if (bar && started) bar.stop();
    },
  };
}
