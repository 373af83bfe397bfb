import type { Holder, Vaccination } from './result.ts';

/** FHIR R4 bundle of a SMART Health Card → holder and immunizations. */

type Resource = Record<string, unknown> & { resourceType?: unknown };
type Coding = { system?: unknown; code?: unknown; display?: unknown };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export interface ShcPayload {
  iss?: unknown;
  nbf?: unknown;
  exp?: unknown;
  vc?: {
    type?: unknown;
    rid?: unknown;
    credentialSubject?: { fhirVersion?: unknown; fhirBundle?: { resourceType?: unknown; entry?: unknown } };
  };
}

export function bundleResources(payload: ShcPayload): Resource[] | undefined {
  const bundle = payload?.vc?.credentialSubject?.fhirBundle;
  if (bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) return undefined;
  return bundle.entry
    .map((e) => (e && typeof e === 'object' ? (e as { resource?: Resource }).resource : undefined))
    .filter((r): r is Resource => !!r && typeof r === 'object');
}

/** Whether a payload is a health card whose bundle has a patient (the minimum the verifier shows). */
export function isHealthCard(payload: ShcPayload): boolean {
  const types = payload?.vc?.type;
  if (!Array.isArray(types) || !types.includes('https://smarthealth.cards#health-card')) return false;
  const resources = bundleResources(payload);
  return !!resources?.some((r) => r.resourceType === 'Patient');
}

export function shcHolder(resources: Resource[]): Holder | null {
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient) return null;
  const names = Array.isArray(patient.name) ? (patient.name as Record<string, unknown>[]) : [];
  const name = names[0] ?? {};
  const given = Array.isArray(name.given)
    ? name.given.filter((g) => typeof g === 'string').join(' ')
    : undefined;
  return { familyName: str(name.family), givenName: given || undefined, birthDate: str(patient.birthDate) };
}

export function shcVaccinations(resources: Resource[]): Vaccination[] {
  return resources
    .filter((r) => r.resourceType === 'Immunization' && r.status !== 'entered-in-error')
    .map((r) => {
      const coding = ((r.vaccineCode as { coding?: Coding[] })?.coding ?? [])[0] ?? {};
      const performer = (r.performer as { actor?: { display?: unknown } }[] | undefined)?.[0]?.actor?.display;
      const protocol = (
        r.protocolApplied as { doseNumber?: unknown; seriesDoses?: unknown }[] | undefined
      )?.[0];
      return {
        product:
          str(coding.system) && str(coding.code) ? `${coding.system}|${coding.code}` : str(coding.code),
        productName: str(coding.display),
        manufacturer: str((r.manufacturer as { identifier?: { value?: unknown } })?.identifier?.value),
        doseNumber: typeof protocol?.doseNumber === 'number' ? protocol.doseNumber : undefined,
        totalDoses: typeof protocol?.seriesDoses === 'number' ? protocol.seriesDoses : undefined,
        date: str(r.occurrenceDateTime),
        lotNumber: str(r.lotNumber),
        performer: str(performer),
      };
    });
}
