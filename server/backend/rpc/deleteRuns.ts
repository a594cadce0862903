import type { BackendEvent, ParamsOf, ResultOf } from '../../protocol/backend.js';
import { deleteRuns } from '../tracking/deleteRuns.js';
import type { Stores } from './stores.js';

/** 'runs/delete': the store function, then 'storeChanged' so every view drops the runs at once. */
export async function deleteRunsRequest(stores: Stores, emit: (event: BackendEvent) => void, { folder, runIds }: ParamsOf<'runs/delete'>): Promise<ResultOf<'runs/delete'>> {
  const { root, store } = stores.get(folder);
  const result = deleteRuns(store, Array.isArray(runIds) ? runIds : []);
  emit({ kind: 'storeChanged', root });
  return result;
}
