/** Vietnamese texts of the notify screens. */
export const notifyVi = {
  title: '',
};
