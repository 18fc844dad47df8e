/** The scenario library: every theme, in a stable order (ties in matching go to the earlier theme). */
import type { Theme } from './types.js';

export const THEMES: Theme[] = [];

export function themeByKey(key: string): Theme | undefined {
  return THEMES.find((t) => t.key === key);
}
