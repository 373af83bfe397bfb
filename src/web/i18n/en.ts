import { citizenEn } from './citizen.en.ts';
import { commonEn } from './common.en.ts';
import { importsEn } from './imports.en.ts';
import { managerEn } from './manager.en.ts';
import { notifyEn } from './notify.en.ts';
import { passportEn } from './passport.en.ts';
import { siteEn } from './site.en.ts';
import { staffEn } from './staff.en.ts';
import { verifierEn } from './verifier.en.ts';
import type { Messages } from './vi.ts';

/** English screen texts. */
export const en: Messages = {
  common: commonEn,
  citizen: citizenEn,
  staff: staffEn,
  site: siteEn,
  manager: managerEn,
  notify: notifyEn,
  verifier: verifierEn,
  passport: passportEn,
  imports: importsEn,
  app: {
    name: 'Electronic Health Book',
    shortName: 'SSKĐT',
    tagline: 'Vaccination, health records and a vaccine passport for every family',
    skipToContent: 'Skip to main content',
    openMenu: 'Open menu',
    closeMenu: 'Close menu',
    language: 'Language',
    footer: 'Open-source, self-hosted software. Health data is private by default.',
  },
  nav: {
    home: 'Home',
    citizen: 'Citizens',
    site: 'Vaccination sites',
    manager: 'Managers',
    verifier: 'Verify a certificate',
    staff: {
      menu: 'My work',
      site: 'At the site',
      manager: 'Management',
      records: 'Records',
      admin: 'Administration',
      account: 'Account',
    },
  },
  demo: {
    banner: 'Demo data: {{people}} people in {{province}}. Every name, ID and phone number is made up.',
  },
  home: {
    title: 'Electronic Health Book',
    lead: 'One phone manages a whole household: health declarations, vaccination registration and history, reactions after a dose and a QR vaccine passport.',
    areasTitle: 'Who are you?',
    statsTitle: 'This instance holds',
    statPeople: 'people in the registry',
    statFacilities: 'health facilities',
    statCommunes: 'communes and wards',
    statProvinces: 'provinces and cities',
    statVaccines: 'vaccines',
    open: 'Open',
    areas: {
      citizen: "Your household's health book: registration, vaccination history and QR codes.",
      site: 'Check-in, screening and fast dose entry, even without a network.',
      manager: 'Coverage by area and priority group, data completeness, vaccine stock.',
      verifier: 'Check EU DCC and SMART Health Card certificates offline.',
    },
  },
  area: {
    availableTitle: 'Once signed in, site staff have',
    citizen: {
      title: 'Citizens',
      lead: "Your whole household's health book on one phone.",
      features: [
        'Sign in with your phone number and a one-time code',
        'Add family members (up to 10) and manage their records',
        'Register for vaccination, appointments and next-dose reminders',
        'Report a reaction after a dose',
        'A QR vaccine passport (green: complete, yellow: partial)',
      ],
    },
    site: {
      title: 'Vaccination sites',
      lead: 'The vaccines used in Vietnam, with doses in the primary series and minimum intervals.',
      features: [
        "The day's list: check-in, screening per Decision 5785/QĐ-BYT, adding walk-ins",
        'Dose entry from the keyboard, offline too (sent when the network is back)',
        'The 30-minute observation list, sessions, vaccine stock by lot and dose tallies',
        'Bulk import from Excel/CSV, with a review step before anything is saved',
      ],
      vaccinesTitle: 'Vaccine catalogue',
      colVaccine: 'Vaccine',
      colDoses: 'Primary doses',
      colInterval: 'Minimum interval',
      colEuCode: 'EU DCC code',
      colMix: 'May be mixed with',
      days: '{{count}} days',
      noInterval: '—',
      noMix: 'No',
    },
    manager: {
      title: 'Managers',
      lead: 'Look up the administrative units of 2025 (34 provinces, two tiers from 1 July 2025) and the old units merged into them.',
      features: [
        'Coverage by area, age and priority group against targets',
        'Data completeness (records entered vs doses reported) and province ranking',
        'Vaccine stock and reactions after vaccination',
      ],
      searchLabel: 'Find a province, commune or ward (accents optional)',
      searchPlaceholder: 'For example: ha noi, ba dinh, 00004',
      editionLabel: 'Unit set',
      edition2025: 'From 1 July 2025 (34 provinces)',
      edition2008: 'Before 1 July 2025 (63 provinces)',
      results: '{{count}} results',
      noResults: 'No unit found',
      successors: 'Now part of',
      predecessors: 'Made of the old units',
      full: 'whole',
      partial: 'part',
      children: '{{count}} units below',
      validTo: 'Abolished after {{date}}',
    },
    verifier: {
      title: 'Verify a certificate',
      lead: "Scan a vaccine passport's QR code to check its digital signature — on this device, sending nothing anywhere.",
      features: [
        "EU DCC certificates (Vietnam's format, “HC1:” codes) and SMART Health Cards",
        'Scan with the camera, paste the text or upload a photo',
        'Works offline once the page has loaded',
      ],
    },
  },
  errors: {
    loadFailed: 'Could not load the data',
    retry: 'Retry',
    notFoundTitle: 'Page not found',
    notFoundBody: 'This address does not exist. Go back to the home page.',
    backHome: 'Back to home',
  },
};
