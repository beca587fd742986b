import { createContext } from 'react';
import type { RunsService } from '../../services/run-recorder';

/** The recorded runs, provided once by <App>; null (no runs panel) outside it. */
export const RunsContext = createContext<RunsService | null>(null);
