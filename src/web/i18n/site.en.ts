import type { siteVi } from './site.vi.ts';

/** English texts of the site screens. */
export const siteEn: typeof siteVi = {
  title: '',
};
