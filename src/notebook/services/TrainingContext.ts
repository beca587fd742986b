import { createContext } from 'react';
import type { TrainingService } from './training-service';

/** The notebook's training service, provided once by <App>. */
export const TrainingContext = createContext<TrainingService | null>(null);
