import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../shared/messages.ts';
import { en } from './en.ts';
import { vi } from './vi.ts';

const STORAGE_KEY = 'sskdt.lang';

/** The language chosen earlier on this device, else Vietnamese. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Switches the language, remembers it on this device and updates <html lang>. */
export function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing without storage: the switch still applies for this visit.
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** The active language. */
export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'vi';
}

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnObjects: true,
});
document.documentElement.lang = storedLang();

export default i18n;
