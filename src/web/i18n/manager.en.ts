import type { managerVi } from './manager.vi.ts';

/** English texts of the manager screens. */
export const managerEn: typeof managerVi = {
  title: '',
};
