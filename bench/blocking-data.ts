/**
 * The large position of bench:blocking: bench/lib/results-seed.ts (the data bench:aggregate
 * measures: `candidates` candidates, one complete interview each, 24 ratings per candidate), handed
 * to the run's manager so that their dashboard shows it through the app's own permission check.
 */
import { Position } from '../src/features/positions/position.model.js';
import { seedResults } from './lib/results-seed.js';

export async function seedOwnedResults(candidates: number, ownerId: string): Promise<string> {
  const { position } = await seedResults(candidates);
  await Position.updateOne({ _id: position._id }, { $set: { owner: ownerId } });
  return String(position._id);
}
