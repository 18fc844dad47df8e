import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import type { PassportInstance } from './passport.js';
import { requireLogin } from '../../middleware/auth.js';
import { authController } from './auth.controller.js';

export function authRouter(deps: AppDeps, passport: PassportInstance): Router {
  const c = authController(deps, passport);
  const r = Router();
  r.get('/login', c.showLogin);
  r.post('/login', deps.limits.login, c.login);
  r.post('/logout', requireLogin, c.logout);
  r.get('/setup', c.showSetup);
  r.post('/setup', deps.limits.login, c.setup);
  r.get('/password/forgot', c.showForgot);
  r.post('/password/forgot', deps.limits.mailRequests, c.forgot);
  r.get('/password/reset/:token', deps.limits.tokenLinks, c.showReset);
  r.post('/password/reset/:token', deps.limits.tokenLinks, c.reset);
  r.get('/invite/:token', deps.limits.tokenLinks, c.showInvite);
  r.post('/invite/:token', deps.limits.tokenLinks, c.acceptInvite);
  return r;
}
