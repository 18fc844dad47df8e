/** GET /my-interviews: every panelist's interviews, grouped by what each needs from them. */
import { Router } from 'express';
import { zoneFor } from '../../lib/format-time.js';
import { requireLogin } from '../../middleware/auth.js';
import { myInterviews } from './my-interviews.service.js';

export function myInterviewsRouter(): Router {
  const r = Router();
  r.get('/my-interviews', requireLogin, async (req, res) => {
    const groups = await myInterviews(req.user!._id, new Date(), undefined, zoneFor(req.user));
    res.render('my-interviews/index', {
      title: 'My interviews',
      groups,
      total: groups.reduce((n, g) => n + g.items.length, 0),
    });
  });
  return r;
}
