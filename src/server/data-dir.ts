import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds the embedded database, the instance secret and the local trust files: only
 * its owner may read it. Every place that may be first to create it goes through here.
 */

/** Creates the data directory with mode 0700; answers a warning when an existing one is open to others. */
export function ensureDataDir(dir: string): string | null {
  const resolved = path.resolve(dir);
  if (!fs.existsSync(resolved)) {
    // `mode` applies to every directory `recursive` creates; the umask can only take bits away.
    fs.mkdirSync(resolved, { recursive: true, mode: 0o700 });
    return null;
  }
  return looseModeWarning(resolved);
}

/** A warning naming the fix when a directory is group- or world-accessible (none on Windows). */
export function looseModeWarning(dir: string): string | null {
  if (process.platform === 'win32') return null;
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return (
    `The data directory ${dir} can be read by other users of this machine (mode ${mode.toString(8)}); ` +
    `it holds the database and the instance secret: chmod 700 ${dir}`
  );
}

/** True when `file` is `dir` itself or lies below it (symbolic links resolved where they exist). */
export function isInside(dir: string, file: string): boolean {
  const real = (p: string) => {
    const resolved = path.resolve(p);
    // The file may not exist yet: resolve its nearest existing ancestor and keep the rest.
    let existing = resolved;
    const rest: string[] = [];
    while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
      rest.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
    return path.join(fs.realpathSync(existing), ...rest);
  };
  const relative = path.relative(real(dir), real(file));
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return !outside;
}
