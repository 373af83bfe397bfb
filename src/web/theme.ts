import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * sskdt's look: a health green with enough contrast for text (#0b7a5a on white is 5.3:1, WCAG AA),
 * Be Vietnam Pro (drawn for Vietnamese diacritics) with system fallbacks.
 */
export const theme = createTheme({
  primaryColor: 'health',
  primaryShade: 7,
  colors: {
    health: [
      '#e6f7f1',
      '#c9ecdf',
      '#9fdcc6',
      '#6fc9aa',
      '#45b590',
      '#26a27b',
      '#14906a',
      '#0b7a5a',
      '#07654a',
      '#034f39',
    ],
  },
  fontFamily: '"Be Vietnam Pro", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontFamily: '"Be Vietnam Pro", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  defaultRadius: 'md',
});

/** Secondary ("dimmed") text darker than Mantine's default gray.6 (3.3:1), to reach WCAG AA (6:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a' },
  dark: {},
});
