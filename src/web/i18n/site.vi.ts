/** Vietnamese texts of the site screens. */
export const siteVi = {
  title: '',
};
