/**
 * `npx tsx bench/request-cost.ts [requests]`: the fixed cost of a signed-in request (issue 18), counted rather
 * than timed. One process holds the app (createApp, NODE_ENV=production so the view cache is on),
 * the embedded engine on its event loop, a bare Express route (the floor) and one sequential client,
 * so that process.cpuUsage() over a request is all the CPU the request costs, the client's included
 * (which the floor's figure shows). Database commands are counted with the driver's monitoring.
 *
 * Requests: the floor (a bare GET), the account page of a signed-in panelist (a trivial GET: the
 * session, the user, a render) and an autosave of a rating (`POST /interviews/:id/ratings/:id`).
 * With PROFILE_DIR set, each measured phase is CPU-profiled into <dir>/<phase>.cpuprofile (open it
 * in Chrome's DevTools, or sum the self times by package).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { panelEvents } from '../src/live/event-bus.js';
import { User } from '../src/features/users/user.model.js';
import { bootInProcessApp } from './lib/app-boot.js';
import { startFloorServer } from './load-floor.js';
import { createLoadData, LOAD_PASSWORD } from './load-data.js';
import { HttpClient } from './live-http.js';

const REQUESTS = Number(process.argv[2] ?? 400);
const WARM_UP = 50;

interface Cost {
  name: string;
  cpuUs: number;
  commands: number;
  names: string[];
}

async function main(): Promise<void> {
  const { port, mailer, config, server, engine } = await bootInProcessApp('request_cost');
  const floor = await startFloorServer();
  const data = await createLoadData({
    candidates: 1,
    interviews: 1,
    panelSize: 2,
    competencies: 5,
    referencesPerCandidate: 0,
    mailer,
    baseUrl: config.baseUrl,
  });
  const panelist = new HttpClient(port);
  const seat = (await User.findById(data.interviews[0].panel[0].id, 'email').lean())!;
  await panelist.login(seat.email, LOAD_PASSWORD);
  const floorClient = new HttpClient(floor.port);

  let commands: string[] = [];
  mongoose.connection.getClient().on('commandStarted', (e: CommandStartedEvent) => {
    if (['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) return;
    const target = e.command[e.commandName];
    commands.push(typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName);
  });

  const interview = data.interviews[0].id;
  async function measure(name: string, send: (i: number) => Promise<number>, expected: number) {
    for (let i = 0; i < WARM_UP; i++) await send(i);
    commands = [];
    const profiler = process.env.PROFILE_DIR ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const before = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) {
      const status = await send(i);
      if (status !== expected) throw new Error(`${name}: answered ${status}, not ${expected}`);
    }
    const used = process.cpuUsage(before);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      const file = `${name.replace(/[^a-z]+/gi, '-')}.cpuprofile`;
      fs.writeFileSync(path.join(process.env.PROFILE_DIR!, file), JSON.stringify(profile));
      profiler.disconnect();
    }
    const perRequest = commands.slice(0, commands.length / REQUESTS);
    const cost: Cost = {
      name,
      cpuUs: Math.round((used.user + used.system) / REQUESTS),
      commands: commands.length / REQUESTS,
      names: perRequest,
    };
    return cost;
  }

  const costs: Cost[] = [];
  costs.push(
    await measure('floor: bare GET', async () => (await floorClient.request('GET', '/floor/')).status, 200),
  );
  costs.push(
    await measure('GET /account', async () => (await panelist.request('GET', '/account')).status, 200),
  );
  costs.push(
    await measure(
      'POST autosave',
      async (i) =>
        (
          await panelist.request(
            'POST',
            `/interviews/${interview}/ratings/${data.sections[i % data.sections.length]}`,
            {
              body: JSON.stringify({ value: data.points[i % data.points.length], note: `Save ${i}` }),
              headers: { accept: 'application/json', 'x-csrf-token': panelist.csrf },
            },
          )
        ).status,
      200,
    ),
  );
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${REQUESTS} requests each`,
  );
  for (const c of costs)
    console.log(
      `${c.name.padEnd(18)} ${String(c.cpuUs).padStart(6)} µs CPU  ${c.commands.toFixed(2)} commands  ${c.names.join(', ')}`,
    );

  server.closeAllConnections();
  server.close();
  await floor.close();
  await panelEvents.stop();
  await mailer.stop();
  await mongoose.disconnect();
  await engine.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
