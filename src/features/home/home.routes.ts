import { Router } from 'express';
import { requireLogin } from '../../middleware/auth.js';
import { ROLE_LABELS } from '../users/user.model.js';

export function homeRouter(): Router {
  const r = Router();
  r.get('/', requireLogin, (req, res) => {
    res.render('home/index', {
      title: 'Home',
      roles: req.user!.roles.map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role),
    });
  });
  return r;
}
