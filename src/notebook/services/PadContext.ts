import { createContext } from 'react';
import type { PadStore } from './pad-store';

/** The drawing pad's latest drawing, provided once by <App>. */
export const PadContext = createContext<PadStore | null>(null);
