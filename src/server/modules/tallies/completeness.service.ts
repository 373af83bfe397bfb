import type { Kysely } from 'kysely';
import { completenessRatio, formatCompleteness } from '../../../shared/format.ts';
import type { CompletenessNode } from '../../../shared/schemas/tallies.ts';
import type { DB } from '../../db/schema.ts';
import { isNational, type StaffActor } from '../../policy/index.ts';
import { facilityCompleteness } from './completeness.repository.ts';
import { dateRange } from './tallies.service.ts';
import { resolveTarget, scopeOf, type Target } from './targets.ts';

type FacilityRow = Awaited<ReturnType<typeof facilityCompleteness>>[number];
type Level = CompletenessNode['level'];

interface Sums {
  recorded: number;
  reported: number;
  recordedUntallied: number;
}

/** A node of the report from its sums: ratio, gap and the text in both languages. */
function node(id: string, name: string, level: Level, sums: Sums): CompletenessNode {
  return {
    id,
    name,
    level,
    ...sums,
    ratio: completenessRatio(sums.recorded, sums.reported),
    gap: sums.reported - sums.recorded,
    text: {
      vi: formatCompleteness(sums.recorded, sums.reported, 'vi'),
      en: formatCompleteness(sums.recorded, sums.reported, 'en'),
    },
  };
}

const sumsOf = (rows: FacilityRow[]): Sums => ({
  recorded: rows.reduce((s, r) => s + Number(r.recorded), 0),
  reported: rows.reduce((s, r) => s + Number(r.reported), 0),
  recordedUntallied: rows.reduce((s, r) => s + Number(r.untallied), 0),
});

/** Facility rows grouped by a key (a commune or a province), as nodes named from the rows. */
function groupNodes(
  rows: FacilityRow[],
  level: Level,
  key: (r: FacilityRow) => string | null,
  name: (r: FacilityRow) => string | null,
): CompletenessNode[] {
  const groups = new Map<string, FacilityRow[]>();
  for (const row of rows) {
    const k = key(row);
    if (!k) continue;
    const list = groups.get(k) ?? [];
    list.push(row);
    groups.set(k, list);
  }
  return [...groups].map(([id, list]) => node(id, name(list[0]) ?? id, level, sumsOf(list)));
}

/** Best completeness first; among equals, more records first. Units that reported nothing are left out. */
function ranked(nodes: CompletenessNode[]) {
  return nodes
    .filter((n) => n.ratio !== null)
    .sort(
      (a, b) => (b.ratio ?? 0) - (a.ratio ?? 0) || b.recorded - a.recorded || a.name.localeCompare(b.name),
    )
    .map((n, i) => ({ ...n, rank: i + 1 }));
}

const provinceNodes = (rows: FacilityRow[]) =>
  groupNodes(
    rows,
    'province',
    (r) => r.province_id,
    (r) => r.province_name,
  );

/**
 * Data completeness for a unit and each child (country → provinces → communes → facilities) over a
 * date range (default the last 30 days, at most a year): records entered against doses reported in
 * the sites' tallies, the gap, the sites furthest behind, and for national staff the provinces ranked
 * (a province also learns its own rank).
 */
export async function completeness(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { unit?: string; from?: string; to?: string; behind: number },
  today: string,
) {
  const { from, to } = dateRange(query, today, 30);
  const target = await resolveTarget(db, actor, { unitId: query.unit });
  const everyFacility = target.kind === 'commune' || target.kind === 'facility';
  const rows = await facilityCompleteness(db, scopeOf(target), from, to, everyFacility);
  const children = childrenOf(target, rows);

  const needNational = isNational(actor.scope) || target.kind === 'province';
  const provinces = needNational
    ? target.kind === 'country'
      ? children
      : provinceNodes(await facilityCompleteness(db, { kind: 'national' }, from, to, false))
    : [];
  const ranking = ranked(provinces);
  const own = target.kind === 'province' ? ranking.find((p) => p.id === target.id) : undefined;

  const behind = rows
    .map((r) => ({
      ...node(r.id, r.name, 'facility', {
        recorded: Number(r.recorded),
        reported: Number(r.reported),
        recordedUntallied: Number(r.untallied),
      }),
      communeId: r.commune_id,
      communeName: r.commune_name,
    }))
    .filter((n) => n.gap > 0)
    .sort((a, b) => b.gap - a.gap || (a.ratio ?? 0) - (b.ratio ?? 0) || a.name.localeCompare(b.name))
    .slice(0, query.behind);

  return {
    from,
    to,
    unit: {
      ...node(target.id ?? 'VNM', target.name, target.kind, sumsOf(rows)),
      parentId: target.parentId,
      rank: own ? { position: own.rank, of: ranking.length } : null,
    },
    children,
    behind,
    ranking: isNational(actor.scope) ? ranking : [],
  };
}

function childrenOf(target: Target, rows: FacilityRow[]): CompletenessNode[] {
  const byName = (a: CompletenessNode, b: CompletenessNode) => a.name.localeCompare(b.name, 'vi');
  switch (target.kind) {
    case 'country':
      return provinceNodes(rows).sort(byName);
    case 'province':
      return groupNodes(
        rows,
        'commune',
        (r) => r.commune_id,
        (r) => r.commune_name,
      ).sort(byName);
    case 'commune':
      return rows
        .map((r) =>
          node(r.id, r.name, 'facility', {
            recorded: Number(r.recorded),
            reported: Number(r.reported),
            recordedUntallied: Number(r.untallied),
          }),
        )
        .sort(byName);
    case 'facility':
      return [];
  }
}
