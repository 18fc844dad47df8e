/** bench:live (live.ts): the two kinds of board: the app's interviews and the echo servers' rooms. */
import type { FloorReady } from '../floor-server.js';
import { HttpClient, openEventStream } from '../live-http.js';
import type { LoadApp } from '../load-app.js';
import type { Room, Target } from './live-board.js';

/** Interviews (rooms) and panelists (senders per room) of a run. */
export const INTERVIEWS = 20;
export const PANEL = 4;

export function echoTarget(echo: FloorReady, sections: string[], points: number[], name: string): Target {
  const rooms: Room[] = Array.from({ length: INTERVIEWS }, (_, k) => {
    const id = `room-${k + 1}`;
    const client = new HttpClient(echo.port);
    return {
      id,
      senders: Array.from({ length: PANEL }, (_, j) => {
        const panelist = `sender-${k + 1}-${j + 1}`;
        return {
          id: panelist,
          save: (section, value, note) =>
            client.request('POST', `/echo/${id}`, {
              body: JSON.stringify({ panelist, section, value, note }),
              headers: { accept: 'application/json' },
            }),
        };
      }),
      subscribe: (onEvent) => openEventStream(echo.port, `/events/${id}`, '', onEvent),
    };
  });
  return { name, rooms, sections, points };
}

export function appTarget(live: LoadApp): Target {
  const client = (id: string) => live.panelists.get(id)!;
  const rooms: Room[] = live.data.interviews.map((interview) => {
    const chair = interview.panel.find((p) => p.chair)!;
    return {
      id: interview.id,
      senders: interview.panel.map((p) => ({
        id: p.id,
        save: (section, value, note) =>
          client(p.id).request('POST', `/interviews/${interview.id}/ratings/${section}`, {
            body: JSON.stringify({ value, note }),
            headers: { accept: 'application/json', 'x-csrf-token': client(p.id).csrf },
          }),
      })),
      subscribe: (onEvent) =>
        openEventStream(
          live.port,
          `/interviews/${interview.id}/events`,
          client(chair.id).cookieHeader(),
          onEvent,
        ),
    };
  });
  return { name: 'app', rooms, sections: live.data.sections, points: live.data.points };
}
