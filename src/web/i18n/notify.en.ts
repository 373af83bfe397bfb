import type { notifyVi } from './notify.vi.ts';

/** English texts of the notify screens. */
export const notifyEn: typeof notifyVi = {
  push: {
    label: 'Notifications on this device',
    description: 'Appointments, reminders and request outcomes show up at once, even when the app is closed.',
    deniedTitle: 'The browser blocks notifications',
    denied: "Allow notifications for this site in the browser's site settings, then try again.",
    failed: 'Could not turn notifications on.',
  },
};
