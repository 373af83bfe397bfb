import type { notifyVi } from './notify.vi.ts';

/** English texts of the notify screens. */
export const notifyEn: typeof notifyVi = {
  title: '',
};
