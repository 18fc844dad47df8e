/** Values every page needs: the current user and the navigation their roles allow. */
import type { NextFunction, Request, Response } from 'express';
import { otherPersonas } from '../features/demo-switch/demo-switch.service.js';
import { hasRole, type Role } from '../features/users/user.model.js';
import { formatDay, formatTime, zoneFor } from '../lib/format-time.js';
import { isMeetingLink } from '../lib/meeting-link.js';

export interface NavItem {
  href: string;
  label: string;
  roles?: Role[];
}

/** Navigation entries; features add theirs here as they land. */
export const NAV: NavItem[] = [
  { href: '/', label: 'Home' },
  { href: '/my-interviews', label: 'My interviews', roles: ['panelist'] },
  { href: '/competencies', label: 'Competencies' },
  { href: '/positions', label: 'Positions', roles: ['admin', 'manager'] },
  { href: '/calibration', label: 'Calibration', roles: ['admin', 'manager'] },
  { href: '/admin/users', label: 'Users', roles: ['admin'] },
  { href: '/admin/outbox', label: 'Mail outbox', roles: ['admin'] },
];

export function locals(appName: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.appName = appName;
    res.locals.currentUser = req.user ?? null;
    res.locals.currentPath = req.path;
    res.locals.nav = req.user ? NAV.filter((i) => !i.roles || hasRole(req.user, ...i.roles)) : [];
    // Demo mode: the other demo accounts, for the header's "Switch to" form (none for real accounts).
    res.locals.demoPersonas = req.app.locals.demoMode ? otherPersonas(req.user) : [];
    // Every date-time on a page is shown in the viewer's zone, with the zone named.
    const zone = zoneFor(req.user);
    res.locals.timeZone = zone;
    res.locals.showTime = (d: Date | string | number) => formatTime(new Date(d), zone);
    res.locals.showDay = (d: Date | string | number) => formatDay(new Date(d), zone);
    res.locals.isMeetingLink = isMeetingLink;
    res.locals.fields = {};
    res.locals.values = {};
    next();
  };
}
