import type { BatchLookups, Decision, DoseFacts, PersonFacts } from '../rows/matching.ts';

/**
 * What earlier rows wrote or would have written, laid over the registry's answers. A dry run writes no
 * person, dose, link or review: it keeps every batch's would-be writes here, so every later row is
 * decided exactly as a real import would decide it (only the job's counts and the failed rows' issues
 * are stored; memory grows with the rows that would be imported). A real import keeps only the batch
 * being written while the next one is decided.
 */
export class BatchOverlay {
  readonly #doseKeys = new Set<string>();
  readonly #reviewKeys = new Set<string>();
  readonly #byCccd = new Map<string, PersonFacts>();
  readonly #byNameBirth = new Map<string, PersonFacts[]>();
  readonly #newIds = new Set<string>();
  readonly #doses = new Map<string, DoseFacts[]>();

  /** The registry's lookups with the run's own rows laid over them. */
  augment(lookups: BatchLookups): BatchLookups {
    return {
      // Persons the overlay adds are new (the importer's own); registry persons keep their reach.
      inReach: lookups.inReach && {
        has: (id) => lookups.inReach!.has(id) || this.#newIds.has(id),
      },
      doseKeys: { has: (k) => lookups.doseKeys.has(k) || this.#doseKeys.has(k) },
      reviewKeys: { has: (k) => lookups.reviewKeys.has(k) || this.#reviewKeys.has(k) },
      byCccd: { get: (k) => lookups.byCccd.get(k) ?? this.#byCccd.get(k) },
      byNameBirth: {
        get: (k) => {
          const own = this.#byNameBirth.get(k);
          const registry = lookups.byNameBirth.get(k);
          if (!own) return registry;
          if (!registry) return own;
          // A person the lookup already saw committed is not a second candidate.
          return [...registry, ...own.filter((p) => !registry.some((r) => r.id === p.id))];
        },
      },
    };
  }

  /** A person's recorded doses: the registry's plus those the run would have added. */
  dosesOf(personId: string, registry: Map<string, DoseFacts[]>): DoseFacts[] {
    const seen = registry.get(personId) ?? [];
    const own = (this.#doses.get(personId) ?? []).filter((d) => !seen.some((r) => r.id === d.id));
    return [...seen, ...own];
  }

  /** Remembers what a batch would have written. */
  absorb(decisions: Decision[]) {
    for (const d of decisions) {
      if (d.kind === 'review') this.#reviewKeys.add(d.row.importKey);
      if (d.kind !== 'import') continue;
      this.#doseKeys.add(d.row.importKey);
      if (d.newPerson) {
        const person = d.person;
        this.#newIds.add(person.id);
        if (person.cccd) this.#byCccd.set(person.cccd, person);
        const key = `${person.nameKey}|${person.birthDate}`;
        const list = this.#byNameBirth.get(key) ?? [];
        list.push(person);
        this.#byNameBirth.set(key, list);
      }
      const doses = this.#doses.get(d.person.id) ?? [];
      doses.push({
        id: d.doseId,
        doseNumber: d.doseNumber,
        givenOn: d.row.row.givenOn,
        vaccineCode: d.row.row.vaccineCode,
      });
      this.#doses.set(d.person.id, doses);
    }
  }
}
