import { Router } from 'express';
import { zoneFor } from '../../lib/format-time.js';
import { requireLogin } from '../../middleware/auth.js';
import { upcomingFor } from '../interviews/upcoming-interviews.service.js';
import { hasRole, ROLE_LABELS } from '../users/user.model.js';

export function homeRouter(): Router {
  const r = Router();
  r.get('/', requireLogin, async (req, res) => {
    const user = req.user!;
    res.render('home/index', {
      title: 'Home',
      roles: user.roles.map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role),
      upcoming: hasRole(user, 'panelist')
        ? await upcomingFor(user._id, new Date(), undefined, zoneFor(user))
        : null,
    });
  });
  return r;
}
