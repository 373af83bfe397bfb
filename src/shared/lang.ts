/** The languages of the app: Vietnamese first, English on request. */
export type Lang = 'vi' | 'en';
