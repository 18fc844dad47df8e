/**
 * The app of bench:load and bench:live, seen from the bench: starts it in its own process
 * (bench/app-server.ts: the shared bootstrap and the data of the run), then signs the managers and
 * panelists in through the login form, each with a cookie jar of their own, in this process.
 */
import type { AppServerArgs, AppServerReady } from './app-server.js';
import { forkServer, type ServerChild } from './lib/children.js';
import { HttpClient } from './live-http.js';
import type { LoadData } from './load-data.js';

export interface LoadApp {
  port: number;
  data: LoadData;
  /** Signed-in clients: `managers` sessions of the manager, one per panelist (in data.interviews order). */
  managers: HttpClient[];
  panelists: Map<string, HttpClient>;
  /** The app's process (the primary in cluster mode): its ready message, memory, stop. */
  child: ServerChild<AppServerReady>;
  close(): Promise<void>;
}

export async function startLoadApp(
  options: AppServerArgs & { managerSessions: number; progress: (message: string) => void },
): Promise<LoadApp> {
  const { managerSessions, progress, ...args } = options;
  const child = await forkServer<AppServerReady>('app-server.ts', args, { progress });
  try {
    const { port, data } = child.ready;
    const managers = Array.from({ length: managerSessions }, () => new HttpClient(port));
    const panelists = new Map(
      data.interviews.flatMap((i) => i.panel).map((p) => [p.id, new HttpClient(port)] as const),
    );
    const logins: [HttpClient, string][] = [
      ...managers.map((c) => [c, data.manager.email] as [HttpClient, string]),
      ...data.interviews.flatMap((i) =>
        i.panel.map((p) => [panelists.get(p.id)!, p.email] as [HttpClient, string]),
      ),
    ];
    // scrypt per login: a few at a time.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let l = logins.shift(); l; l = logins.shift()) await l[0].login(l[1], data.password);
      }),
    );
    progress(`${managers.length} manager sessions and ${panelists.size} panelists signed in`);
    return { port, data, managers, panelists, child, close: () => child.stop() };
  } catch (e) {
    await child.stop();
    throw e;
  }
}

/** What the bench prints about the app's processes: engine mode, workers, view cache. */
export function describeAppProcesses(app: LoadApp, engine: string): string {
  const { appPids, enginePid, viewCache } = app.child.ready;
  const cache = viewCache.every(Boolean) ? 'on' : `OFF in ${viewCache.filter((v) => !v).length} process(es)`;
  return `app: ${appPids.length} process(es) (pid ${appPids.join(', ')}), engine ${engine === 'process' ? `in its own process (pid ${enginePid})` : 'in the app process'}; NODE_ENV=production, view cache ${cache}; clients in the bench process (pid ${process.pid})`;
}
