import { DCC_VALIDATORS } from './dcc-validators.generated.js';
import { checkValueSets } from './dcc-value-sets.ts';

/**
 * EU DCC JSON schema validation (the official combined schemas 1.0.0 … 1.3.3, draft 2020-12) picked by
 * the certificate's `ver`, plus value-set checks. The validators are ajv standalone code generated from
 * reference/eu-dcc/schema by scripts/gen-dcc-validators.mjs: nothing is compiled at run time, so they
 * also run in the browser under a Content-Security-Policy without 'unsafe-eval'.
 */

const SCHEMAS = DCC_VALIDATORS;

const parse = (v: string) => v.split('.').map(Number);

/**
 * The schema for a `ver`: the same version, else the newest known one of the same major.minor, else
 * the newest of the same major that is older (a 1.4.0 is read by 1.3.3; a 2.x is unknown).
 */
const versionCache = new Map<string, string | undefined>();

export function schemaVersionFor(ver: unknown): string | undefined {
  if (typeof ver !== 'string' || !/^\d+\.\d+\.\d+$/.test(ver)) return undefined;
  if (SCHEMAS[ver]) return ver;
  if (versionCache.has(ver)) return versionCache.get(ver);
  const version = closestSchemaVersion(ver);
  if (versionCache.size < 100) versionCache.set(ver, version);
  return version;
}

function closestSchemaVersion(ver: string): string | undefined {
  const [major, minor] = parse(ver);
  const known = Object.keys(SCHEMAS).sort((a, b) => {
    const [x, y] = [parse(a), parse(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const sameMinor = known.filter((k) => parse(k)[0] === major && parse(k)[1] === minor);
  if (sameMinor.length) return sameMinor[sameMinor.length - 1];
  const older = known.filter((k) => parse(k)[0] === major && parse(k)[1] < minor);
  return older.length ? older[older.length - 1] : undefined;
}

function validatorFor(version: string) {
  return DCC_VALIDATORS[version];
}

export interface SchemaResult {
  ok: boolean;
  version?: string;
  /** Why it failed: a JSON pointer and the rule broken (no data values: they may be personal). */
  problems: string[];
}

/**
 * Validates an EU DCC against the schema of its version. With `valueSets`, codes outside the EU value
 * sets fail too; off by default, since the EU's own test vectors (and older certificates in use) carry
 * national or retired codes that verifiers accept — value sets belong to the business rules.
 */
export function validateDcc(dcc: unknown, valueSets = false): SchemaResult {
  const ver = typeof dcc === 'object' && dcc ? (dcc as { ver?: unknown }).ver : undefined;
  const version = schemaVersionFor(ver);
  if (!version) return { ok: false, problems: ['/ver: unknown schema version'] };
  const validate = validatorFor(version);
  if (!validate(dcc)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`,
    );
    return { ok: false, version, problems };
  }
  const problems = valueSets ? checkValueSets(dcc as Record<string, unknown>) : [];
  return { ok: problems.length === 0, version, problems };
}
