import type { siteOfflineVi } from './site-offline.vi.ts';

/** English texts of the site screen without a network (the queue of doses entered offline). */
export const siteOfflineEn: typeof siteOfflineVi = {
  banner:
    'Offline — check-ins, screenings and doses are saved on this device and sync when the network returns',
  fromDevice: 'Using the sign-in and the list saved on this device.',
  savedAt: 'List saved on this device at {{time}}',
  queued: 'Saved on this device: dose {{number}} for {{name}} — waiting to sync.',
  checkInQueued: '{{name}} checked in on this device — waiting to sync.',
  screeningQueued: 'Screening of {{name}} saved on this device — waiting to sync.',
  checkInStep: 'Check-in',
  screeningStep: 'Screening: {{outcome}}',
  observationQueued: 'Vaccinated on this device — waiting to sync',
  waiting: 'Waiting to sync',
  attention: 'Needs attention',
  waitingHint: "This person's dose is saved on this device and waiting to sync.",
  noRecord:
    "This person's record was not saved on this device before the network dropped: record the dose when it returns (or on paper).",
  title: 'Doses saved on this device',
  count: '{{count}} waiting',
  attentionCount: '{{count}} need attention',
  syncNow: 'Sync now',
  lastSync: 'Last sync at {{time}}',
  neverSynced: 'Not synced yet',
  allSynced: 'All synced at {{time}}',
  errors: {
    offline: 'Tried at {{time}}: no network',
    signIn: 'The session has ended: sign in again to send the waiting doses (they stay on this device).',
    failed: 'Tried at {{time}}: the server did not take them — {{problem}}',
  },
  enteredAt: 'entered at {{time}}',
  otherStaff: 'entered by {{name}} — waiting for them to sign in',
  conflict:
    'Conflict: dose {{number}} was already recorded for this person on another device; this entry was not recorded.',
  refused: 'Not recorded: {{problem}}',
  openRecord: 'Open record',
  edit: 'Edit',
  discard: 'Discard',
  editTitle: 'Edit waiting dose — {{name}}',
  doseNumber: 'Dose number',
  save: 'Save and send again',
  cancel: 'Cancel',
  signOutTitle: 'Doses not sent yet',
  signOutBody:
    '{{count}} doses on this device have not reached the server. Signing out now deletes them from this device. Sync before signing out.',
  signOutStay: 'Stay and sync',
  signOutDiscard: 'Delete and sign out',
  signInQueue: '{{count}} doses entered on this device are waiting: sign in again to send them.',
};
