import type { RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { NotFoundError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { ROLES, ROLE_LABELS } from './user.model.js';
import { fieldErrors, inviteForm, objectId, rolesForm } from './users.schemas.js';
import * as users from './users.service.js';
import { saveTimeZone, timeZoneChoices } from '../account/account.routes.js';

function userId(raw: unknown): string {
  const id = objectId.safeParse(raw);
  if (!id.success) throw new NotFoundError('There is no such user.');
  return id.data;
}

export function usersController(deps: AppDeps) {
  const mailDeps = { mailer: deps.mailer, baseUrl: deps.config.baseUrl, appName: deps.appName };
  const roleOptions = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));

  const index: RequestHandler = async (_req, res) => {
    const list = await users.listUsers();
    res.format({
      html: () => res.render('users/index', { title: 'Users', users: list, ROLE_LABELS }),
      json: () => res.json({ users: list.map(({ passwordHash: _p, ...u }) => u) }),
    });
  };

  const newForm: RequestHandler = (_req, res) => {
    res.render('users/new', { title: 'Invite a user', roleOptions, values: { roles: ['panelist'] } });
  };

  const create: RequestHandler = async (req, res) => {
    const parsed = inviteForm.safeParse(req.body ?? {});
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      email: String(body.email ?? ''),
      name: String(body.name ?? ''),
      roles: [body.roles ?? []].flat().map(String),
    };
    if (!parsed.success) {
      return void res.status(422).render('users/new', {
        title: 'Invite a user',
        roleOptions,
        values,
        fields: fieldErrors(parsed.error),
      });
    }
    try {
      const user = await users.invite(parsed.data, req.user!, mailDeps);
      flash(req, 'success', `Invitation sent to ${user.email}.`);
      res.redirect(303, '/admin/users');
    } catch (e) {
      if (e instanceof Error && 'fields' in e && (e as { status?: number }).status === 409) {
        return void res.status(409).render('users/new', {
          title: 'Invite a user',
          roleOptions,
          values,
          fields: (e as { fields: Record<string, string> }).fields,
        });
      }
      throw e;
    }
  };

  const show: RequestHandler = async (req, res) => {
    const user = await users.getUser(userId(req.params.id));
    res.render('users/show', {
      title: user.name,
      user,
      roleOptions,
      values: { roles: user.roles },
      ROLE_LABELS,
      ...timeZoneChoices(),
    });
  };

  const updateRoles: RequestHandler = async (req, res) => {
    const id = userId(req.params.id);
    const parsed = rolesForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const user = await users.getUser(id);
      return void res.status(422).render('users/show', {
        title: user.name,
        user,
        roleOptions,
        values: { roles: [] },
        fields: fieldErrors(parsed.error),
        ROLE_LABELS,
        ...timeZoneChoices(),
      });
    }
    const user = await users.setRoles(id, parsed.data.roles, req.user!);
    flash(req, 'success', `Roles of ${user.name} updated.`);
    res.redirect(303, `/admin/users/${id}`);
  };

  const deactivate: RequestHandler = async (req, res) => {
    const user = await users.setActive(userId(req.params.id), false, req.user!);
    flash(req, 'success', `${user.name} is deactivated and signed out everywhere.`);
    res.redirect(303, `/admin/users/${user.id}`);
  };

  const reactivate: RequestHandler = async (req, res) => {
    const user = await users.setActive(userId(req.params.id), true, req.user!);
    flash(req, 'success', `${user.name} is active again.`);
    res.redirect(303, `/admin/users/${user.id}`);
  };

  const resendInvite: RequestHandler = async (req, res) => {
    const user = await users.resendInvite(userId(req.params.id), req.user!, mailDeps);
    flash(req, 'success', `A new invitation was sent to ${user.email}.`);
    res.redirect(303, `/admin/users/${user.id}`);
  };

  /** An admin sets the zone a user reads times in (empty: the organisation's). */
  const updateTimeZone: RequestHandler = async (req, res) => {
    const id = userId(req.params.id);
    const zone = await saveTimeZone(req, id);
    flash(
      req,
      'success',
      zone ? `Times are shown to this user in ${zone}.` : 'This user now follows the organisation’s zone.',
    );
    res.redirect(303, `/admin/users/${id}`);
  };

  return { index, newForm, create, show, updateRoles, updateTimeZone, deactivate, reactivate, resendInvite };
}
