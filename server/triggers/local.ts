/** Lets activation refresh this process's route table synchronously (other processes hear the broadcast). */
import { reloadRouteTable, routeTableIfLoaded } from '../webhooks/state';

export async function notifyLocalRegistry(): Promise<void> {
  if (routeTableIfLoaded()) await reloadRouteTable();
}
