import type { Contract } from '../api/endpoint.ts';
import { admin } from './admin.ts';
import { auth } from './auth.ts';
import { certificateLookup } from './certificate-lookup.ts';
import { certificates } from './certificates.ts';
import { corrections } from './corrections.ts';
import { dataQuality } from './data-quality.ts';
import { doses } from './doses.ts';
import { facilities } from './facilities.ts';
import { households } from './households.ts';
import { imports } from './imports.ts';
import { people } from './people.ts';
import { push } from './push.ts';
import { reactions } from './reactions.ts';
import { registrations } from './registrations.ts';
import { stock } from './stock.ts';
import { system } from './system.ts';
import { tallies } from './tallies.ts';
import { units } from './units.ts';
import { vaccinationSessions } from './vaccination-sessions.ts';
import { vaccines } from './vaccines.ts';
import { visits } from './visits.ts';

/**
 * The whole sskdt API, one entry per endpoint, grouped by module. Routes are mounted from it, the
 * typed client is derived from it, and `contract.test.ts` checks that the route table, the OpenAPI
 * document and this list name exactly the same operations.
 */
export const contract = {
  admin,
  auth,
  certificateLookup,
  certificates,
  corrections,
  dataQuality,
  doses,
  facilities,
  households,
  imports,
  people,
  push,
  reactions,
  registrations,
  vaccinationSessions,
  stock,
  system,
  tallies,
  units,
  vaccines,
  visits,
} satisfies Contract;

export type SskdtContract = typeof contract;
