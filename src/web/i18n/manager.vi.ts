/** Vietnamese texts of the manager screens. */
export const managerVi = {
  title: '',
};
